package exporter

// SetStage lets the crash tests stop the process at a step of an export.
func SetStage(f func(string)) { stage = f }
