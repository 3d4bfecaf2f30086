package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// TestTextAttachmentsAreServedInTheirOwnCharset uploads a text in
// windows-1251, as Russian and Central Asian documents often are, and one in
// UTF-8: each is served with its own bytes and the charset it is written in,
// so that the browser shows the text that extraction indexed.
func TestTextAttachmentsAreServedInTheirOwnCharset(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	token := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	id := createDoc(t, h.URL, token, `{"kind":"national_law","countries":["KZ"],"translations":{"ru":{"title":"Закон о противодействии коррупции"}}}`)
	const text = "Статья 20. Незаконное обогащение: значительное увеличение активов публичного должностного лица.\n"
	cp1251, err := charmap.Windows1251.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		file    []byte
		charset string
	}{
		{"windows-1251", cp1251, "windows-1251"},
		{"UTF-8", []byte(text), "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, out := upload(t, h.URL+"/api/v1/documents/"+id+"/attachments", token, "law-"+tt.charset+".txt", tt.file, "ru")
			var a attachmentJSON
			if status != 201 || json.Unmarshal(out, &a) != nil {
				t.Fatalf("upload: %d %s", status, out)
			}
			for _, path := range []string{"/api/v1/documents/" + id + "/attachments/" + a.ID, "/ru/library/" + id + "/attachments/" + a.ID} {
				for _, method := range []string{"GET", "HEAD"} {
					req, _ := http.NewRequest(method, h.URL+path, nil)
					res, err := http.DefaultClient.Do(req)
					if err != nil {
						t.Fatal(err)
					}
					body, _ := io.ReadAll(res.Body)
					res.Body.Close()
					if ct := res.Header.Get("Content-Type"); res.StatusCode != 200 || ct != "text/plain; charset="+tt.charset {
						t.Errorf("%s %s: %d, Content-Type %q", method, path, res.StatusCode, ct)
					}
					if res.Header.Get("Content-Length") != strconv.Itoa(len(tt.file)) {
						t.Errorf("%s %s: Content-Length %s, want %d", method, path, res.Header.Get("Content-Length"), len(tt.file))
					}
					if method == "GET" && !bytes.Equal(body, tt.file) {
						t.Errorf("GET %s: the bytes served are not the file's", path)
					}
				}
			}
		})
	}
	// Extraction read the windows-1251 file as the browser now does.
	for _, a := range waitExtracted(t, h.URL, id, token) {
		if !a.Searchable {
			t.Errorf("attachment %s was not extracted: %s", a.Name, a.TextState)
		}
	}
	waitFound(t, h.URL, url.QueryEscape("должностного"), "ru", id, 30*time.Second)
}
