// Package model is the domain of outsec: engagements, their validation and the
// rules of the GB/T 32926—2016 lifecycle. It is pure: no SQL, no terminal, no files.
package model

import (
	"time"
)

// ServiceType is a category of information technology service. The categories are
// those GB/T 32926—2016 3.1 (note) lists from GB/T 29264—2012.
type ServiceType string

const (
	ServiceConsulting     ServiceType = "consulting"            // 信息技术咨询服务
	ServiceDesign         ServiceType = "design_development"    // 设计与开发服务
	ServiceIntegration    ServiceType = "integration"           // 信息系统集成实施服务
	ServiceMaintenance    ServiceType = "operation_maintenance" // 运行维护服务
	ServiceDataProcessing ServiceType = "data_processing"       // 数据处理和存储服务
	ServiceOperation      ServiceType = "business_operation"    // 运营服务
	ServiceDigitalContent ServiceType = "digital_content"       // 数字内容服务
	ServiceCallCenter     ServiceType = "call_center"           // 呼叫中心服务
	ServiceOther          ServiceType = "other"                 // 其他信息技术服务
)

// ServiceTypes lists the categories in the order the standard gives them.
var ServiceTypes = []ServiceType{
	ServiceConsulting, ServiceDesign, ServiceIntegration, ServiceMaintenance,
	ServiceDataProcessing, ServiceOperation, ServiceDigitalContent, ServiceCallCenter,
	ServiceOther,
}

// Valid reports whether s is one of the GB/T 29264 categories.
func (s ServiceType) Valid() bool {
	for _, t := range ServiceTypes {
		if s == t {
			return true
		}
	}
	return false
}

// VendorScale is the size of an outsourcing vendor (外包服务机构规模), one of the
// facts a filing must give (GB/T 32926—2016 6.5 a) 3)). The classes follow the
// national classification of enterprises into large, medium, small and micro.
type VendorScale string

const (
	ScaleUnknown VendorScale = ""
	ScaleLarge   VendorScale = "large"
	ScaleMedium  VendorScale = "medium"
	ScaleSmall   VendorScale = "small"
	ScaleMicro   VendorScale = "micro"
)

// VendorScales lists the scales from largest to smallest.
var VendorScales = []VendorScale{ScaleLarge, ScaleMedium, ScaleSmall, ScaleMicro}

// Valid reports whether v is a known scale or left unset.
func (v VendorScale) Valid() bool {
	if v == ScaleUnknown {
		return true
	}
	for _, s := range VendorScales {
		if v == s {
			return true
		}
	}
	return false
}

// Contact is a person with the ways to reach them.
type Contact struct {
	Name  string `json:"name"`
	Role  string `json:"role,omitempty"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

// Empty reports whether nothing of the contact was filled in.
func (c Contact) Empty() bool {
	return c.Name == "" && c.Role == "" && c.Phone == "" && c.Email == ""
}

// Vendor is the outsourcing service organisation (外包服务机构, GB/T 32926—2016 3.3).
type Vendor struct {
	Name           string      `json:"name,omitempty"`
	Scale          VendorScale `json:"scale,omitempty"`
	Qualifications string      `json:"qualifications,omitempty"`
	Lead           Contact     `json:"lead"`
}

// Empty reports whether no vendor has been recorded yet: in the planning phase the
// vendor is usually not chosen.
func (v Vendor) Empty() bool {
	return v.Name == "" && v.Scale == ScaleUnknown && v.Qualifications == "" && v.Lead.Empty()
}

// Engagement is one outsourced IT service (外包项目): the department that buys it,
// its responsible unit and leader, the vendor, and the service.
type Engagement struct {
	ID              int64       `json:"-"`
	UID             string      `json:"uid"`
	Code            string      `json:"code"`
	Name            string      `json:"name"`
	Department      string      `json:"department"`
	ResponsibleUnit string      `json:"responsible_unit"`
	Leader          string      `json:"leader"`
	Managers        []Contact   `json:"managers"`
	ServiceType     ServiceType `json:"service_type"`
	CloudWebsite    bool        `json:"cloud_website"`
	Vendor          Vendor      `json:"vendor"`
	PeriodStart     Date        `json:"period_start,omitempty"`
	PeriodEnd       Date        `json:"period_end,omitempty"`
	Notes           string      `json:"notes,omitempty"`
	Sample          bool        `json:"sample,omitempty"`
	CreatedAt       time.Time   `json:"created_at"`
	UpdatedAt       time.Time   `json:"updated_at"`
	// ServiceContent is what the vendor does on the engagement, in words:
	// filing item 6.5 a) 2) beside the type; a change of it is a change for
	// 6.5 b). The wizard does not write it (store.SetServiceContent).
	ServiceContent string `json:"service_content,omitempty"`
}
