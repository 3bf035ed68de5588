package main

import "strings"

// Audit records keep what happened as it was written (issue 17 owns their
// storage); the words outsec itself wrote in English — the reasons of its
// errors — are shown in the user's language when the log is listed (issue
// 16: "sign: Ed25519 key: wrong passphrase" on a Chinese screen). Values
// the user typed are never touched: only these phrases, longest first.
var auditPhrases = []struct{ en, key string }{
	{"refused: records already in the engagement, no --duplicates", "audit.word.dup_unchosen"},
	{"refused: the engagement exists (on-conflict refuse)", "audit.word.exists_refused"},
	{"wrong passphrase", "audit.word.wrong_passphrase"},
	{"no key files", "audit.word.no_key_files"},
	{"file exists", "audit.word.file_exists"},
	{"not a folder", "audit.word.not_folder"},
	{"no such file or directory", "audit.word.no_such_file"},
	{"permission denied", "audit.word.permission"},
	{"Ed25519 key", "audit.word.ed25519_key"},
	{"SM2 key", "audit.word.sm2_key"},
	{"sign:", "audit.word.sign"},
	{"signed by", "audit.word.signed_by"},
}

// auditDetail is a record's detail for the user: outsec's own English
// phrases in the catalog's words.
func auditDetail(cat safeCatalog, detail string) string {
	if cat.Lang() == "en" {
		return detail
	}
	for _, p := range auditPhrases {
		if strings.Contains(detail, p.en) {
			detail = strings.ReplaceAll(detail, p.en, cat.Catalog.T(p.key))
		}
	}
	return detail
}
