package findings

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"outsec/model"
)

// SampleRegister is the sample engagement's register, dated from today so
// that it always shows the same picture: one finding closed with its
// comparison (8.1 d)) and evidence; one finding overdue (8.1 b)), the
// measure against an incident (8.1 e)); and that incident, reported 30
// hours after it was found (A.7 c)).
func SampleRegister(lang string, today model.Date) Register {
	en := strings.HasPrefix(strings.ToLower(lang), "en")
	t := func(zh, e string) string {
		if en {
			return e
		}
		return zh
	}
	day := today.Time()
	if day.IsZero() {
		day = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	}
	d := func(n int) model.Date { return model.Date(day.AddDate(0, 0, n).Format(model.DateLayout)) }
	at := func(n, h int) time.Time { return day.AddDate(0, 0, n).Add(time.Duration(h) * time.Hour) }
	inspector, leader := t("王检查（示例）", "Wang Jiancha (sample)"), t("李科长（示例）", "Li Kezhang (sample)")
	found := at(-20, 10)
	in := Incident{ID: 1, Title: t("门户网站首页被篡改", "Portal home page defaced"), FoundAt: found,
		ReportedTo: t("信息技术处", "IT office"), ReportedAt: found.Add(30 * time.Hour),
		Description: t("首页出现与本单位无关的内容，持续约 40 分钟。", "The home page showed content unrelated to the department for about 40 minutes."),
		Impact:      t("公众访问受影响，未发现数据泄露。", "Public access affected; no data leak found."),
		Handling:    t("切换到备用页面，从备份恢复，保留日志。", "Switched to a standby page, restored from backup, kept the logs."),
		Cause:       t("内容管理系统上传目录允许执行脚本，被上传网页木马。", "The CMS upload folder allowed scripts to run; a web shell was uploaded."),
		ClosedOn:    d(-15), Recorder: inspector}
	note := t("复测记录：运维账号已按人分配，共用账号 0 个，抽查 10 次登录均可追溯到个人。",
		"Retest: operation accounts are now personal; 0 shared accounts; 10 sampled logins all traced to a person.")
	s1, s2 := sha256.Sum256([]byte(note)), sm3.Sum([]byte(note))
	closed := Finding{ID: 1, Source: SourceInspection, Description: t("运维人员共用管理员账号，操作无法追溯到个人", "Operators share an administrator account; actions cannot be traced to a person"),
		Concerns: "A.4 a)", Severity: High, Position: PositionAgrees, State: Closed,
		Reporter: inspector, ReportedOn: d(-40), Verifier: leader, VerifiedOn: d(-10),
		Verification: t("现场复核，账号已按人分配", "Checked on site: accounts are personal"),
		Action: Action{Measure: t("按人分配运维账号，停用共用账号，启用操作审计", "Personal operation accounts, shared account disabled, operation audit enabled"),
			Owner: t("示例云服务有限公司", "Example Cloud Services Co., Ltd."), Deadline: d(-20), Status: ActionDone,
			NoticeDate: d(-38), NoticeDeadline: d(-20), NoticeDocument: "2026-001-RN-01",
			ControlsChange: false, Before: t("共用账号 3 个", "3 shared accounts"), Target: t("共用账号 0 个", "0 shared accounts"),
			CheckDate: d(-10), Result: t("共用账号 0 个，抽查登录均可追溯", "0 shared accounts; sampled logins all traceable")},
		History: []Event{
			{At: at(-40, 9), Operator: inspector, To: Open},
			{At: at(-38, 9), Operator: inspector, From: Open, To: NoticeSent},
			{At: at(-30, 9), Operator: inspector, From: NoticeSent, To: InRectification},
			{At: at(-19, 9), Operator: inspector, From: InRectification, To: Reported, Note: t("收到整改报告", "Rectification report received")},
			{At: at(-10, 15), Operator: leader, From: Reported, To: Closed},
		}}
	overdue := Finding{ID: 2, Source: SourceIncident, SourceID: 1,
		Description: t("内容管理系统上传目录允许执行脚本", "The CMS upload folder allows scripts to run"),
		Concerns:    "A.7 d)", Severity: Critical, Position: PositionAgrees, State: NoticeSent,
		Reporter: inspector, ReportedOn: d(-18),
		Action: Action{Measure: t("禁止上传目录执行脚本，升级内容管理系统，全站查杀", "Forbid scripts in the upload folder, upgrade the CMS, scan the whole site"),
			Owner: t("示例云服务有限公司", "Example Cloud Services Co., Ltd."), Deadline: d(-3), Status: ActionInProgress,
			NoticeDate: d(-17), NoticeDeadline: d(-3), NoticeDocument: "2026-001-RN-02",
			ControlsChange: true, ChangeNote: t("增加上传文件类型白名单控制，修订网站内容发布管理制度", "Add an allow-list of upload types; revise the content publishing rules"),
			ChangeAt: at(-17, 10), Before: t("上传目录可执行脚本", "scripts run in the upload folder"), Target: t("上传目录不可执行任何脚本", "no script runs in the upload folder"), CheckDate: d(20)},
		History: []Event{
			{At: at(-18, 9), Operator: inspector, To: Open},
			{At: at(-17, 10), Operator: inspector, Note: t("增加上传文件类型白名单控制", "an allow-list of upload types")},
			{At: at(-17, 11), Operator: inspector, From: Open, To: NoticeSent},
		}}
	return Register{
		Findings:  []Finding{closed, overdue},
		Incidents: []Incident{in},
		Evidence: []EvidenceItem{{ID: 1, Kind: "note", Name: t("复测记录", "Retest record"), Size: int64(len(note)),
			SHA256: hex.EncodeToString(s1[:]), SM3: hex.EncodeToString(s2[:]), Note: note, AddedBy: leader, AddedAt: at(-10, 14),
			Links: []EvidenceLink{{Kind: "finding", ID: 1}}}},
	}
}
