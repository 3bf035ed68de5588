//go:build !unix

package store

func diskFree(string) (uint64, bool) { return 0, false }
