package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestHEADAnswersAsGETDoesWithoutABody asks every kind of GET route with
// HEAD: pages, API routes, a file, static assets, redirects, 404s and a
// route that takes only POST. Each answers with GET's status and headers,
// and nothing after the headers.
func TestHEADAnswersAsGETDoesWithoutABody(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	token := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	id := createDoc(t, h.URL, token, `{"kind":"national_law","countries":["KZ"],"uncacArticles":[20],"translations":{"ru":{"title":"Закон о противодействии коррупции"}}}`)
	status, out := upload(t, h.URL+"/api/v1/documents/"+id+"/attachments", token, "law.txt", []byte("Статья 1. Незаконное обогащение."), "ru")
	var a attachmentJSON
	if status != 201 || json.Unmarshal(out, &a) != nil {
		t.Fatalf("upload: %d %s", status, out)
	}

	tests := []struct {
		name, path, token string
		status            int
	}{
		{"the home page", "/en/", "", 200},
		{"the library page with a search", "/ru/library?q=" + url.QueryEscape("коррупция"), "", 200},
		{"a document page", "/kk/library/" + id, "", 200},
		{"a page for a signed-in user", "/en/account", token, 200},
		{"a page that sends an anonymous visitor to sign in", "/en/account?tab=tokens", "", 303},
		{"the language redirect", "/", "", 302},
		{"a page that does not exist", "/en/no-such-page", "", 404},
		{"a page in a language the hub does not speak", "/xx/library", "", 404},
		{"a route that takes only POST", "/en/signout", "", 405},
		{"the API's document list", "/api/v1/documents?limit=5", "", 200},
		{"a document through the API", "/api/v1/documents/" + id, "", 200},
		{"a document the API does not have", "/api/v1/documents/0123456789abcdef01234567", "", 404},
		{"an API route without its token", "/api/v1/audit", "", 401},
		{"an attached file", "/api/v1/documents/" + id + "/attachments/" + a.ID, "", 200},
		{"a file-store address without its signature", "/files/sha256/" + a.SHA256[:2] + "/" + a.SHA256[2:4] + "/" + a.SHA256, "", 403},
		{"a style sheet", "/static/style.css", "", 200},
		{"the OpenAPI document", "/api/openapi.json", "", 200},
		{"the health check", "/healthz", "", 200},
	}
	noRedirects := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	ask := func(t *testing.T, method, path, token string) *http.Response {
		t.Helper()
		req, err := http.NewRequest(method, h.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		// Asked for by hand, gzip is not undone by Go's client (which
		// would ask for it on GET only and drop the headers it undoes), so
		// both answers are compared as the hub sent them.
		req.Header.Set("Accept-Encoding", "gzip")
		res, err := noRedirects.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			get := ask(t, "GET", tt.path, tt.token)
			head := ask(t, "HEAD", tt.path, tt.token)
			if get.StatusCode != tt.status || head.StatusCode != tt.status {
				t.Fatalf("GET %d, HEAD %d, want %d", get.StatusCode, head.StatusCode, tt.status)
			}
			// Every header GET sends, HEAD sends the same; Date may tick
			// between the two, and X-Request-Id names each request. Content-Length may be left out (RFC 9110
			// 9.3.2): Go's http.Redirect writes its little HTML body only
			// for GET, so a redirect's HEAD has no length to send.
			for _, name := range slices.Sorted(maps.Keys(get.Header)) {
				if name == "Date" || name == "X-Request-Id" || name == "Content-Length" && head.Header.Get(name) == "" && get.StatusCode/100 == 3 {
					continue
				}
				if g, h := get.Header.Values(name), head.Header.Values(name); !slices.Equal(g, h) {
					t.Errorf("%s: GET %q, HEAD %q", name, g, h)
				}
			}
			for name := range head.Header {
				if _, ok := get.Header[name]; !ok {
					t.Errorf("HEAD sends %s, which GET does not", name)
				}
			}
			if rest := rawHEAD(t, h.URL, tt.path, tt.token); len(rest) != 0 {
				t.Errorf("HEAD sent %d bytes after its headers: %.100q", len(rest), rest)
			}
		})
	}
}

// rawHEAD sends HEAD over its own connection and returns what the server
// sent after the end of the headers, until it closed the connection.
func rawHEAD(t *testing.T, base, path, token string) []byte {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.DialTimeout("tcp", u.Host, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	req := "HEAD " + path + " HTTP/1.1\r\nHost: " + u.Host + "\r\nConnection: close\r\n"
	if token != "" {
		req += "Authorization: Bearer " + token + "\r\n"
	}
	if _, err := io.WriteString(conn, req+"\r\n"); err != nil {
		t.Fatal(err)
	}
	all, err := io.ReadAll(bufio.NewReader(conn))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := bytes.Cut(all, []byte("\r\n\r\n"))
	if !ok || !strings.HasPrefix(string(all), "HTTP/1.1 ") {
		t.Fatalf("not an HTTP answer: %.200q", all)
	}
	return rest
}
