// Package registerio reads the registers of a risk assessment (assets, threats,
// vulnerabilities) from CSV and XLSX files and writes every register (those
// three and the risks, and the screening's people: KindPeople, AllKinds) to
// CSV and XLSX. Pure: bytes in, records or problems
// out; no SQL, no terminal, no files. docs/registers.md describes the columns,
// the accepted values and the limits for users.
//
// # Reading
//
//	res, probs := registerio.Parse(kind, filename, data, existingAssetNames)
//
// kind is KindAssets, KindThreats, KindVulns, or "" to detect it: an XLSX
// workbook's sheets named 资产/assets, 威胁/threats, 脆弱性/vulnerabilities are
// each read as that register (other sheets are skipped and listed in
// Result.Skipped); a CSV file or a single unnamed sheet is recognised by its
// column headings. The format follows the content (an XLSX file is a ZIP
// archive), not the file name.
//
// Headings may be Chinese or English, in any order; enumerated values may be
// the Chinese or English label or the code; ratings are whole numbers 1–5.
// A vulnerability names its asset, which must be among the assets of the same
// import or existingAssets (the engagement's asset names).
//
// When probs is not empty the file must not be imported: Result then holds
// what could be read, for a preview, but nothing of it may be written. Each
// Problem names the sheet, the row (as a spreadsheet numbers it, the heading
// row being row 1 of a plain file) and the column (its heading as written in
// the file), and carries a catalog key with its arguments: Problem.Text(cat.T)
// gives the line to show, e.g. "第 7 行,“严重程度”列:值 6 不在 1–5 之间" /
// "row 7, column "severity": 6 is not within 1–5".
//
// For a preview, Result.Preview gives the first records of a register as
// text and Result.Rows their rows. To import, Result.Records gives the records
// as store.ImportRegisters takes them (temporary asset ids, vulnerabilities
// linked to them or to the engagement's assets), and Result.FieldProblem puts
// a problem the store still finds (a store.RecordError) at its row and column.
//
// Limits: MaxSize bytes (a caller reading a file checks the size with
// CheckSize before reading it, and reads at most MaxSize+1 bytes), MaxRows data
// rows in all; an empty file and a file of headings only are refused.
//
// # Writing
//
//	b, err := registerio.ExportCSV(kind, regs, cat.T)    // UTF-8 with BOM, CRLF
//	b, err := registerio.ExportXLSX(kinds, regs, cat.T)  // one sheet per kind
//
// regs holds the assessment's records after risk.Assessment.Recompute, so that
// asset values and risk scores are current. Headings, sheet names and labels
// come from the catalog (the user's language); the output is the same bytes
// for the same data and language. KindRisks can be exported but not imported.
package registerio
