package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

func init() {
	// Bodies the hub takes that openapi3filter has no decoder for: a
	// photo as it is (image/*) and the library's import (NDJSON), both
	// documented as strings.
	openapi3filter.RegisterBodyDecoder("image/png", openapi3filter.FileBodyDecoder)
	openapi3filter.RegisterBodyDecoder("application/x-ndjson", openapi3filter.FileBodyDecoder)
	// Answers that are files, documented as binary strings.
	for _, ct := range []string{"application/pdf", "text/calendar", "image/jpeg", "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
	}
}

// contract sends requests to a hub and holds each request and its answer
// to the OpenAPI document: a request the document does not describe, or an
// answer whose status or body it does not allow, fails the test.
type contract struct {
	t      *testing.T
	doc    *openapi3.T
	router routers.Router
	base   string
	// called holds the operations answered with success (2xx), as
	// "POST /api/v1/documents" (the document's path templates).
	called map[string]bool
	// bitten counts the answers validated again without a required field
	// (and refused).
	bitten int
}

// newContract loads and validates the document and matches its paths
// against the hub at base.
func newContract(t *testing.T, base string) *contract {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile("../../platform/web/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	// Strictly: every error at once, formats of examples and defaults too.
	if err := doc.Validate(context.Background(), openapi3.EnableMultiError(), openapi3.EnableSchemaFormatValidation(),
		openapi3.EnableSchemaPatternValidation(), openapi3.EnableSchemaDefaultsValidation(), openapi3.EnableExamplesValidation()); err != nil {
		t.Fatalf("the document: %v", err)
	}
	// The document names its servers relative to the hub; the router
	// matches the test hub's address.
	doc.Servers = openapi3.Servers{{URL: base}}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &contract{t: t, doc: doc, router: router, base: base, called: map[string]bool{}}
}

// options are the validator's: strict on answers (the body, the status
// among those documented, formats such as date-time), and a body the
// operation does not take is refused.
func contractOptions() *openapi3filter.Options {
	return &openapi3filter.Options{
		AuthenticationFunc:                openapi3filter.NoopAuthenticationFunc,
		IncludeResponseStatus:             true,
		RejectWhenRequestBodyNotSpecified: true,
		SchemaValidationOptions:           []openapi3.SchemaValidationOption{openapi3.EnableFormatValidation()},
	}
}

// exchange is one request of a contract test.
type exchange struct {
	method, path, token string
	contentType         string // application/json when a body is given and this is empty
	body                []byte
	header              []string // name, value, …
	want                int      // the status expected
	// badRequest: the request is wrong on purpose (to draw an error): the
	// validator must refuse it, and the answer must still match.
	badRequest bool
}

// json sends a JSON body.
func (c *contract) json(method, path, token, body string, want int, header ...string) []byte {
	c.t.Helper()
	var b []byte
	if body != "" {
		b = []byte(body)
	}
	return c.send(exchange{method: method, path: path, token: token, body: b, want: want, header: header})
}

// send validates the request, sends it, checks the status and validates
// the answer; it returns the answer's body. Each answer with a JSON object
// body is also validated once more with one of its required fields taken
// away, which must fail: the validator is strict enough to notice a field
// the server stopped sending.
func (c *contract) send(x exchange) []byte {
	t := c.t
	t.Helper()
	ctx := context.Background()
	newRequest := func() *http.Request {
		var body io.Reader
		if x.body != nil {
			body = bytes.NewReader(x.body)
		}
		req, err := http.NewRequest(x.method, c.base+x.path, body)
		if err != nil {
			t.Fatal(err)
		}
		if x.token != "" {
			req.Header.Set("Authorization", "Bearer "+x.token)
		}
		if x.body != nil {
			ct := x.contentType
			if ct == "" {
				ct = "application/json"
			}
			req.Header.Set("Content-Type", ct)
		}
		for i := 0; i+1 < len(x.header); i += 2 {
			req.Header.Set(x.header[i], x.header[i+1])
		}
		return req
	}
	where := x.method + " " + x.path
	req := newRequest()
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s: not in the document: %v", where, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: contractOptions()}
	err = openapi3filter.ValidateRequest(ctx, in)
	switch {
	case err != nil && !x.badRequest:
		t.Errorf("%s: the request does not match the document: %s", where, briefly(err))
	case err == nil && x.badRequest:
		t.Errorf("%s: a request wrong on purpose passed the validation", where)
	}
	res, err := http.DefaultClient.Do(newRequest())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode < 300 {
		c.called[route.Method+" "+route.Path] = true
	}
	if res.StatusCode != x.want {
		t.Errorf("%s: %d %.500s, want %d", where, res.StatusCode, b, x.want)
	}
	in.Request = newRequest()
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode, Header: res.Header,
		Body: io.NopCloser(bytes.NewReader(b)), Options: contractOptions()}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		t.Errorf("%s: %d, the answer does not match the document: %s", where, res.StatusCode, briefly(err))
		return b
	}
	c.bites(route, res, b, where, in)
	c.undocumented(route, res, b, where)
	return b
}

// undocumented reports the fields of a JSON answer that its schema does
// not name (where the schema does not say what other properties may be):
// a validator lets them through, but a client generated from the document
// would never see them.
func (c *contract) undocumented(route *routers.Route, res *http.Response, b []byte, where string) {
	c.t.Helper()
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		return
	}
	ref := route.Operation.Responses.Status(res.StatusCode)
	if ref == nil || ref.Value == nil {
		return
	}
	mt := ref.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return
	}
	var v any
	if json.Unmarshal(b, &v) != nil {
		return
	}
	for _, field := range extraFields(mt.Schema.Value, v, "") {
		c.t.Errorf("%s: %d, the answer has %s, which its schema does not name", where, res.StatusCode, field)
	}
}

// extraFields walks a value along its schema and returns the paths of the
// object fields the schema does not name.
func extraFields(s *openapi3.Schema, v any, at string) []string {
	if s == nil {
		return nil
	}
	var out []string
	switch v := v.(type) {
	case map[string]any:
		props := map[string]*openapi3.Schema{}
		open := false
		var collect func(s *openapi3.Schema)
		collect = func(s *openapi3.Schema) {
			for k, p := range s.Properties {
				props[k] = p.Value
			}
			if s.AdditionalProperties.Schema != nil || (s.AdditionalProperties.Has != nil && *s.AdditionalProperties.Has) || (len(s.Properties) == 0 && len(s.AllOf) == 0) {
				open = true
			}
			for _, part := range s.AllOf {
				collect(part.Value)
			}
		}
		collect(s)
		for k, fv := range v {
			if p, ok := props[k]; ok {
				out = append(out, extraFields(p, fv, at+"/"+k)...)
			} else if ap := s.AdditionalProperties.Schema; ap != nil {
				out = append(out, extraFields(ap.Value, fv, at+"/"+k)...)
			} else if !open {
				out = append(out, at+"/"+k)
			}
		}
	case []any:
		if s.Items != nil {
			seen := map[string]bool{}
			for _, item := range v {
				for _, f := range extraFields(s.Items.Value, item, at+"/*") {
					if !seen[f] {
						seen[f] = true
						out = append(out, f)
					}
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// bites validates the answer again without one of the fields its schema
// requires, and expects a refusal.
func (c *contract) bites(route *routers.Route, res *http.Response, b []byte, where string, in *openapi3filter.RequestValidationInput) {
	t := c.t
	t.Helper()
	var body map[string]json.RawMessage
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || json.Unmarshal(b, &body) != nil {
		return
	}
	ref := route.Operation.Responses.Status(res.StatusCode)
	if ref == nil || ref.Value == nil {
		return
	}
	mt := ref.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return
	}
	required := requiredOf(mt.Schema.Value)
	if len(required) == 0 {
		t.Errorf("%s: %d, the answer's schema requires no field", where, res.StatusCode)
		return
	}
	field := required[0]
	without := maps.Clone(body)
	delete(without, field)
	wb, _ := json.Marshal(without)
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode, Header: res.Header,
		Body: io.NopCloser(bytes.NewReader(wb)), Options: contractOptions()}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err == nil {
		t.Errorf("%s: the answer without its required %q passed the validation", where, field)
	} else {
		c.bitten++
	}
}

// requiredOf is what a schema requires, its allOf parts' included.
func requiredOf(s *openapi3.Schema) []string {
	if s == nil {
		return nil
	}
	req := slices.Clone(s.Required)
	for _, part := range s.AllOf {
		req = append(req, requiredOf(part.Value)...)
	}
	return req
}

// operations are the document's operations, as "POST /api/v1/documents".
func (c *contract) operations() []string {
	var ops []string
	for path, item := range c.doc.Paths.Map() {
		for method := range item.Operations() {
			ops = append(ops, method+" "+path)
		}
	}
	slices.Sort(ops)
	return ops
}

// briefly is an error of the validator without the schema and value it
// prints after its first line (pages of them for a whole record).
func briefly(err error) string {
	first, _, _ := strings.Cut(err.Error(), "\n")
	return first
}
