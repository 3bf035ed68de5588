package model

// The documents of supervision (templates/supervision.go) belong to the
// steps of clause 7.
func init() {
	documentSteps["process-audit-record"] = StepProcessAudit
	documentSteps["inspection-record"] = StepInspection
	documentSteps["delivery-record"] = StepDelivery
}
