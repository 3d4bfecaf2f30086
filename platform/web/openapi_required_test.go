package web_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
)

// optionalOnly are the object schemas in answers that rightly require no
// field, by their place in the document: those whose every field the
// server leaves out when empty (omitempty in every Go field: ProvisionText,
// ExpertContact, the consent, Progress), and the texts of one language,
// which are also request bodies where a language may come without its
// title (the server always answers one, "" when empty).
var optionalOnly = []string{
	"ProvisionText", "ExpertContact", "Expert.consent", "Progress",
	"Translation", "EventText", "SessionText",
}

// TestEveryAnswerSchemaSaysWhatItAlwaysHas: every object schema that
// describes (part of) an answer lists the fields the server always sends
// as required, so that a client may rely on them and the contract test
// (cmd/hub/contract_operations_test.go) notices a field that goes
// missing; the few whose fields are all optional are named above.
func TestEveryAnswerSchemaSaysWhatItAlwaysHas(t *testing.T) {
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas   map[string]any `json:"schemas"`
			Responses map[string]any `json:"responses"`
		} `json:"components"`
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var missing []string
	var walk func(node any, where string)
	walk = func(node any, where string) {
		switch n := node.(type) {
		case []any:
			for _, v := range n {
				walk(v, where)
			}
		case map[string]any:
			if ref, ok := n["$ref"].(string); ok {
				name := strings.TrimPrefix(ref, "#/components/schemas/")
				if s, ok := doc.Components.Schemas[name]; ok && !seen[name] {
					seen[name] = true
					walk(s, name)
				}
				return
			}
			if props, ok := n["properties"].(map[string]any); ok && n["type"] == "object" {
				if _, ok := n["required"]; !ok && !slices.Contains(optionalOnly, where) {
					missing = append(missing, where)
				}
				for k, v := range props {
					walk(v, where+"."+k)
				}
			}
			for _, k := range []string{"items", "additionalProperties", "allOf", "oneOf", "anyOf"} {
				if v, ok := n[k]; ok {
					walk(v, where)
				}
			}
		}
	}
	for path, item := range doc.Paths {
		for method, raw := range item {
			op, ok := raw.(map[string]any)
			if !ok || method == "parameters" {
				continue
			}
			responses, _ := op["responses"].(map[string]any)
			for status, r := range responses {
				res, _ := r.(map[string]any)
				if ref, ok := res["$ref"].(string); ok {
					res, _ = doc.Components.Responses[strings.TrimPrefix(ref, "#/components/responses/")].(map[string]any)
				}
				content, _ := res["content"].(map[string]any)
				for _, mt := range content {
					m, _ := mt.(map[string]any)
					walk(m["schema"], method+" "+path+" "+status)
				}
			}
		}
	}
	slices.Sort(missing)
	for _, where := range missing {
		t.Errorf("%s: an object in an answer that requires no field (list those the server always sends)", where)
	}
}
