package main

import (
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"
)

type atomFeedJSON struct {
	ID    string `xml:"id"`
	Links []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID    string `xml:"id"`
		Links []struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

// TestFeedAddressesComeFromTheBaseURLNotTheRequest asks for the Atom feed
// with a forged Host and forwarded headers from a client no proxy setting
// trusts, and at another address of the same hub: the feed is the same
// (ids stable, links at the configured public address), and every link
// resolves. One-time links of invitations come from the public address too.
func TestFeedAddressesComeFromTheBaseURLNotTheRequest(t *testing.T) {
	addr := freeAddr(t)
	h := startHub(t, map[string]string{"HUB_DEMO": "false", "HUB_ADDR": addr})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	token := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	id := createDoc(t, h.URL, token, `{"kind":"national_law","countries":["KZ"],"translations":{"ru":{"title":"Закон о противодействии коррупции"}}}`)

	get := func(t *testing.T, url, host string, header ...string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest("GET", url, nil)
		if err != nil {
			t.Fatal(err)
		}
		if host != "" {
			req.Host = host
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	feedPath := "/ru/feed.atom?country=KZ"
	_, plain := get(t, h.URL+feedPath, "")
	var want atomFeedJSON
	if err := xml.Unmarshal([]byte(plain), &want); err != nil || len(want.Entries) != 1 {
		t.Fatalf("feed: %v %s", err, plain)
	}

	t.Run("ids are permanent, not addresses", func(t *testing.T) {
		if !strings.HasPrefix(want.ID, "urn:uuid:") || !strings.HasPrefix(want.Entries[0].ID, "urn:uuid:") {
			t.Errorf("feed id %q, entry id %q", want.ID, want.Entries[0].ID)
		}
	})
	t.Run("every link is at the public address and resolves", func(t *testing.T) {
		hrefs := []string{}
		for _, l := range want.Links {
			hrefs = append(hrefs, l.Href)
		}
		for _, e := range want.Entries {
			for _, l := range e.Links {
				hrefs = append(hrefs, l.Href)
			}
		}
		for _, href := range hrefs {
			if !strings.HasPrefix(href, "http://"+addr+"/ru/") {
				t.Errorf("link %q is not at http://%s", href, addr)
				continue
			}
			if res, _ := get(t, href, ""); res.StatusCode != 200 {
				t.Errorf("link %q: %d", href, res.StatusCode)
			}
		}
		if !strings.Contains(plain, "/ru/library/"+id) {
			t.Errorf("no link to the document: %s", plain)
		}
	})
	tests := []struct {
		name, host string
		header     []string
	}{
		{"a forged Host", "evil.example", nil},
		{"forwarded headers from an untrusted client", "", []string{"X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example", "Forwarded", "host=evil.example;proto=https"}},
		{"both", "evil.example:8443", []string{"X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example"}},
		{"another address of the same hub", strings.Replace(addr, "127.0.0.1", "localhost", 1), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name+" changes nothing", func(t *testing.T) {
			res, body := get(t, h.URL+feedPath, tt.host, tt.header...)
			if res.StatusCode != 200 || body != plain {
				t.Errorf("%d; the feed differs:\n%s\nfrom\n%s", res.StatusCode, body, plain)
			}
		})
	}
	t.Run("an invitation link is at the public address whatever the Host", func(t *testing.T) {
		req, _ := http.NewRequest("POST", h.URL+"/api/v1/users", strings.NewReader(`{"email":"expert@example.kz","name":"Expert","role":"expert","country":"KZ"}`))
		req.Host = "evil.example"
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-Host", "evil.example")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 201 || strings.Contains(string(b), "evil") || !strings.Contains(string(b), `"http://`+addr+`/`) {
			t.Errorf("invite: %d %s", res.StatusCode, b)
		}
	})
}

// TestLinksOfAHubOnPortZeroResolve runs the hub on port 0 without
// HUB_BASE_URL, as tests do: the public address names the port it got, so
// the feed's links resolve.
func TestLinksOfAHubOnPortZeroResolve(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	token := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	id := createDoc(t, h.URL, token, `{"kind":"guideline","translations":{"en":{"title":"Guide"}}}`)
	status, out := do(t, "GET", h.URL+"/en/feed.atom", "", nil)
	var feed atomFeedJSON
	if status != 200 || xml.Unmarshal(out, &feed) != nil || len(feed.Entries) != 1 || len(feed.Entries[0].Links) != 1 {
		t.Fatalf("feed: %d %s", status, out)
	}
	if href := feed.Entries[0].Links[0].Href; href != h.URL+"/en/library/"+id {
		t.Errorf("entry link %q, want %s/en/library/%s", href, h.URL, id)
	}
}
