package web_test

import (
	"encoding/json"
	"os"
	"testing"
)

// TestEveryOperationHasItsOwnOperationID: clients generated from the
// document name their functions by operationId, so every operation has
// one and no two share it; and every operation says how it is called
// (security: [] for none, [{}, {bearer}] where signing in shows more, or
// [{bearer}]), so that a validator does not have to guess.
func TestEveryOperationHasItsOwnOperationID(t *testing.T) {
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for path, item := range doc.Paths {
		for method, raw := range item {
			switch method {
			case "get", "put", "post", "delete", "patch":
			default:
				continue
			}
			var op struct {
				OperationID string           `json:"operationId"`
				Security    *json.RawMessage `json:"security"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatal(err)
			}
			where := method + " " + path
			if op.OperationID == "" {
				t.Errorf("%s has no operationId", where)
			} else if other, dup := seen[op.OperationID]; dup {
				t.Errorf("%s and %s share the operationId %s", where, other, op.OperationID)
			}
			seen[op.OperationID] = where
			if op.Security == nil {
				t.Errorf("%s does not say how it is called (security)", where)
			}
		}
	}
}
