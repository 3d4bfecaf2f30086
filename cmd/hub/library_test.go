package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// The library end to end: documents with every field, provisions with
// their own pages and search hits, versions and their differences,
// attachments (upload, type sniffing, size limit, background extraction,
// download), the search page with facets, the UNCAC pages and the feed.

// docxFile builds a small Word document with the given paragraphs.
func docxFile(t *testing.T, paragraphs ...string) []byte {
	t.Helper()
	var body strings.Builder
	for _, p := range paragraphs {
		var esc bytes.Buffer
		xml.EscapeText(&esc, []byte(p))
		fmt.Fprintf(&body, `<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, esc.String())
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() + `</w:body></w:document>`},
	} {
		w, _ := zw.Create(m[0])
		w.Write([]byte(m[1]))
	}
	zw.Close()
	return buf.Bytes()
}

// emptyPDF is a valid one-page PDF without any text, as a scan is.
func emptyPDF() []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
		"<< /Length 20 >>\nstream\n0 0 m 100 100 l S\n\nendstream",
	}
	var buf bytes.Buffer
	buf.WriteString("%PDF-1.4\n")
	var offsets []int
	for i, o := range objs {
		offsets = append(offsets, buf.Len())
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return buf.Bytes()
}

// upload posts a file as multipart form data.
func upload(t *testing.T, url, token, name string, content []byte, lang string) (int, []byte) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if lang != "" {
		mw.WriteField("lang", lang)
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	return do(t, "POST", url, token, &body, "Content-Type", mw.FormDataContentType())
}

type attachmentJSON struct {
	ID, Name, Lang, Format, TextState, SHA256 string
	Searchable                                bool
}

// waitExtracted polls a document's attachments until none is pending.
func waitExtracted(t *testing.T, base, docID, token string) []attachmentJSON {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		status, body := do(t, "GET", base+"/api/v1/documents/"+docID+"/attachments", token, nil)
		var res struct{ Attachments []attachmentJSON }
		if status != 200 || json.Unmarshal(body, &res) != nil {
			t.Fatalf("attachments: %d %s", status, body)
		}
		pending := false
		for _, a := range res.Attachments {
			pending = pending || a.TextState == "pending"
		}
		if !pending {
			return res.Attachments
		}
		if time.Now().After(deadline) {
			t.Fatalf("extraction still pending: %s", body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func createDoc(t *testing.T, base, token, body string) string {
	t.Helper()
	status, out := do(t, "POST", base+"/api/v1/documents", token, strings.NewReader(body))
	if status != 201 {
		t.Fatalf("create: %d %s", status, out)
	}
	var d struct{ ID string }
	json.Unmarshal(out, &d)
	return d.ID
}

// storedFiles counts the files of the local object store.
func storedFiles(t *testing.T, dataDir string) int {
	t.Helper()
	n := 0
	filepath.WalkDir(filepath.Join(dataDir, "objects"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(path, "sha256") {
			n++
		}
		return nil
	})
	return n
}

const kzLaw = `{"kind": "national_law", "countries": ["KZ"], "areas": ["prevention"], "uncacArticles": [5],
  "uncacParagraphs": ["8(5)"], "adopted": "2015-11-18", "inForce": "2016-01-01", "status": "in_force", "statusDate": "2016-01-01",
  "provisions": [
    {"key": "art-1", "number": "1", "translations": {"kk": {"title": "Негізгі ұғымдар", "body": "Осы Заңда мынадай негізгі ұғымдар пайдаланылады."}}},
    {"key": "art-12", "number": "12", "uncacArticles": [20], "translations": {
      "kk": {"title": "Заңсыз баю", "body": "Лауазымды адам активтерінің заңды кірістерінен асатын көбеюі."},
      "ru": {"title": "Незаконное обогащение", "body": "Значительное увеличение активов должностного лица, превышающее его законные доходы."}}}],
  "translations": {
    "kk": {"title": "Сыбайлас жемқорлыққа қарсы іс-қимыл туралы", "summary": "Қазақстан Республикасының Заңы.", "body": "## Жалпы ережелер\n\nБұл Заң **сыбайлас жемқорлыққа** қарсы іс-қимылдың негіздерін белгілейді.\n\n<script>alert(1)</script>", "issuingBody": "Қазақстан Республикасының Парламенті"},
    "ru": {"title": "О противодействии коррупции", "issuingBody": "Парламент Республики Казахстан"}}}`

func TestLibraryDocumentsProvisionsAndVersions(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	token := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")

	id := createDoc(t, h.URL, token, kzLaw)
	status, body := do(t, "GET", h.URL+"/api/v1/documents/"+id, "", nil)
	var d struct {
		UncacArticles   []int
		UncacParagraphs []string
		Status, Adopted string
		Provisions      []struct{ Key string }
		Translations    map[string]struct{ IssuingBody string }
	}
	if status != 200 || json.Unmarshal(body, &d) != nil {
		t.Fatalf("read: %d %s", status, body)
	}
	if fmt.Sprint(d.UncacArticles) != "[5 8 20]" || d.UncacParagraphs[0] != "8(5)" || d.Status != "in_force" || len(d.Provisions) != 2 ||
		d.Translations["kk"].IssuingBody == "" {
		t.Fatalf("fields: %s", body)
	}

	t.Run("bad fields are refused with a message in the reader's language", func(t *testing.T) {
		for _, tt := range []struct{ name, body, want string }{
			{"an unknown field", `{"kind":"national_law","translations":{"ru":{"title":"x"}},"statuss":"draft"}`, "statuss"},
			{"a bad date", `{"kind":"national_law","adopted":"18.11.2015","translations":{"ru":{"title":"x"}}}`, "не дата"},
			{"a relation to nothing", `{"kind":"national_law","relations":[{"type":"amends","target":"0123456789abcdef01234567"}],"translations":{"ru":{"title":"x"}}}`, "не существует"},
			{"a paragraph of article 80", `{"kind":"national_law","uncacParagraphs":["80(1)"],"translations":{"ru":{"title":"x"}}}`, "80(1)"},
		} {
			status, out := do(t, "POST", h.URL+"/api/v1/documents?lang=ru", token, strings.NewReader(tt.body))
			if status != 400 || !strings.Contains(string(out), tt.want) {
				t.Errorf("%s: %d %s", tt.name, status, out)
			}
		}
	})

	t.Run("the document page shows the fields, the provisions and safe Markdown", func(t *testing.T) {
		status, page := do(t, "GET", h.URL+"/kk/library/"+id, "", nil)
		p := string(page)
		if status != 200 {
			t.Fatalf("%d %s", status, p)
		}
		for _, want := range []string{"Қазақстан Республикасының Парламенті", `datetime="2015-11-18"`, "Қолданыста", "<h3>Жалпы ережелер</h3>",
			"<strong>сыбайлас жемқорлыққа</strong>", `href="/kk/library/` + id + `/p/art-12"`, `id="p-art-12"`, "8(5)", `href="/kk/uncac/20"`} {
			if !strings.Contains(p, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		if strings.Contains(p, "<script>alert") {
			t.Error("raw HTML of the body reached the page")
		}
		// The document has no English text: an English reader gets
		// another language, with the marker saying so.
		_, en := do(t, "GET", h.URL+"/en/library/"+id, "", nil)
		if !strings.Contains(string(en), `class="fallback"`) {
			t.Error("no fallback marker for an English reader")
		}
		_, tab := do(t, "GET", h.URL+"/kk/library/"+id+"?show=ru", "", nil)
		if !strings.Contains(string(tab), "О противодействии коррупции") || !strings.Contains(string(tab), `class="fallback"`) {
			t.Error("the Russian tab does not show the Russian text with the marker")
		}
	})

	t.Run("a provision has its own page and is its own search hit", func(t *testing.T) {
		status, page := do(t, "GET", h.URL+"/ru/library/"+id+"/p/art-12", "", nil)
		p := string(page)
		if status != 200 || !strings.Contains(p, "Статья 12. Незаконное обогащение") || !strings.Contains(p, `href="/ru/library/`+id+`#p-art-12"`) ||
			!strings.Contains(p, `href="/ru/library/`+id+`/p/art-1"`) {
			t.Fatalf("provision page: %d %s", status, p)
		}
		if status, _ := do(t, "GET", h.URL+"/ru/library/"+id+"/p/art-99", "", nil); status != 404 {
			t.Errorf("unknown provision: %d", status)
		}
		waitFound(t, h.URL, url.QueryEscape("превышающее"), "ru", id+"/p/art-12", 5*time.Second)
		_, out := do(t, "GET", h.URL+"/api/v1/search?q="+url.QueryEscape("превышающее")+"&lang=ru", "", nil)
		if !strings.Contains(string(out), `"type":"provision"`) || !strings.Contains(string(out), `"url":"/ru/library/`+id+`/p/art-12"`) {
			t.Fatalf("provision hit: %s", out)
		}
	})

	t.Run("every edit keeps a version and the page shows the differences", func(t *testing.T) {
		changed := strings.Replace(kzLaw, "Сыбайлас жемқорлыққа қарсы іс-қимыл туралы", "Сыбайлас жемқорлыққа қарсы күрес туралы", 1)
		changed = strings.Replace(changed, `"status": "in_force"`, `"status": "amended"`, 1)
		status, out := do(t, "PUT", h.URL+"/api/v1/documents/"+id, token, strings.NewReader(changed))
		if status != 200 {
			t.Fatalf("update: %d %s", status, out)
		}
		status, out = do(t, "GET", h.URL+"/api/v1/documents/"+id+"/versions", "", nil)
		if status != 200 || !strings.Contains(string(out), `"version":2,`) || !strings.Contains(string(out), `"version":1,`) {
			t.Fatalf("versions: %d %s", status, out)
		}
		status, out = do(t, "GET", h.URL+"/api/v1/documents/"+id+"/versions/1", "", nil)
		if status != 200 || !strings.Contains(string(out), "іс-қимыл") {
			t.Fatalf("version 1: %d %s", status, out)
		}
		status, page := do(t, "GET", h.URL+"/kk/library/"+id+"/versions?from=1&to=2", "", nil)
		p := string(page)
		if status != 200 || !strings.Contains(p, "іс-қимыл</del>") && !strings.Contains(p, "іс-қимыл<span") {
			t.Fatalf("differences page: %d %s", status, p)
		}
		if !strings.Contains(p, "<ins>") || !strings.Contains(p, "күрес") || !strings.Contains(p, "Өзгерістер енгізілген") {
			t.Errorf("differences page lacks the insertions: %s", p)
		}
		if status, _ := do(t, "GET", h.URL+"/kk/library/"+id+"/versions?from=9", "", nil); status != 400 {
			t.Errorf("version 9: %d", status)
		}
	})

	t.Run("an update sent with a stale If-Match is refused", func(t *testing.T) {
		res, err := http.Get(h.URL + "/api/v1/documents/" + id)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		// Go's client asked for gzip by itself: the compressed answer's tag
		// has the suffix, which the hub takes off what comes back.
		etag := res.Header.Get("ETag")
		if etag != `"v2"` && etag != `"v2-gzip"` {
			t.Fatalf("ETag %q", etag)
		}
		for _, tt := range []struct {
			match string
			want  int
		}{{`"v1"`, 409}, {`"x"`, 400}, {etag, 200}} {
			amended := strings.Replace(kzLaw, `"status": "in_force"`, `"status": "amended"`, 1)
			status, out := do(t, "PUT", h.URL+"/api/v1/documents/"+id, token, strings.NewReader(amended), "If-Match", tt.match)
			if status != tt.want {
				t.Errorf("If-Match %s: %d %.200s", tt.match, status, out)
			}
		}
	})

	t.Run("the UNCAC pages gather what is tagged with an article", func(t *testing.T) {
		status, page := do(t, "GET", h.URL+"/ru/uncac", "", nil)
		if status != 200 || !strings.Contains(string(page), `href="/ru/uncac/20"`) || !strings.Contains(string(page), "Глава III") {
			t.Fatalf("index: %d", status)
		}
		status, page = do(t, "GET", h.URL+"/ru/uncac/20", "", nil)
		p := string(page)
		if status != 200 || !strings.Contains(p, "Казахстан") || !strings.Contains(p, `href="/ru/library/`+id+`/p/art-12"`) ||
			!strings.Contains(p, "Значительное увеличение активов") {
			t.Fatalf("article 20: %d %s", status, p)
		}
		for _, bad := range []string{"0", "72", "x"} {
			if status, _ := do(t, "GET", h.URL+"/ru/uncac/"+bad, "", nil); status != 404 {
				t.Errorf("article %s: %d", bad, status)
			}
		}
	})

	t.Run("the feed lists public documents, by country", func(t *testing.T) {
		hidden := createDoc(t, h.URL, token, `{"kind":"guideline","countries":["KZ"],"visibility":"members","translations":{"ru":{"title":"Внутренняя методика"}}}`)
		other := createDoc(t, h.URL, token, `{"kind":"guideline","countries":["UZ"],"translations":{"uz":{"title":"Qoʻllanma"}}}`)
		status, out := do(t, "GET", h.URL+"/ru/feed.atom?country=KZ", token, nil)
		var feed struct {
			Title   string `xml:"title"`
			Entries []struct {
				ID    string `xml:"id"`
				Title string `xml:"title"`
			} `xml:"entry"`
		}
		if status != 200 || xml.Unmarshal(out, &feed) != nil {
			t.Fatalf("feed: %d %s", status, out)
		}
		s := string(out)
		if !strings.Contains(s, id) || strings.Contains(s, hidden) || strings.Contains(s, other) || len(feed.Entries) != 1 {
			t.Fatalf("feed entries: %s", s)
		}
		if status, _ := do(t, "GET", h.URL+"/ru/feed.atom?country=XX", "", nil); status != 400 {
			t.Errorf("unknown country: %d", status)
		}
	})

	t.Run("the library page filters and sorts without script", func(t *testing.T) {
		status, page := do(t, "GET", h.URL+"/ru/library?country=KZ&status=amended&sort=date", "", nil)
		p := string(page)
		if status != 200 || !strings.Contains(p, `value="KZ" checked`) || !strings.Contains(p, `value="amended" checked`) ||
			!strings.Contains(p, `href="/ru/library/`+id+`"`) || !strings.Contains(p, `<option value="date" selected>`) {
			t.Fatalf("library: %d %s", status, p)
		}
		if !strings.Contains(p, `data-suggest="/api/v1/suggest"`) || !strings.Contains(p, `src="/static/suggest.js?v=`) {
			t.Error("no suggestions script")
		}
		status, page = do(t, "GET", h.URL+"/ru/library?q="+url.QueryEscape("незаконное обогащение")+"&year=2015", "", nil)
		if status != 200 || !strings.Contains(string(page), `value="2015" checked`) {
			t.Fatalf("year facet: %d", status)
		}
		// The language facet filters: the law is in Kazakh and Russian,
		// not Tajik.
		status, page = do(t, "GET", h.URL+"/ru/library?language=kk", "", nil)
		if status != 200 || !strings.Contains(string(page), `value="kk" checked`) || !strings.Contains(string(page), `href="/ru/library/`+id+`"`) {
			t.Fatalf("language facet: %d", status)
		}
		if _, page = do(t, "GET", h.URL+"/ru/library?language=tg", "", nil); strings.Contains(string(page), `href="/ru/library/`+id+`"`) {
			t.Fatal("a Kazakh and Russian law found under Tajik")
		}
		if status, _ := do(t, "GET", h.URL+"/api/v1/search?language=xx", "", nil); status != 400 {
			t.Fatalf("unknown language: %d", status)
		}
	})

	t.Run("bad queries get results or a 400, never a 500", func(t *testing.T) {
		for _, q := range []string{`"unbalanced`, `AND`, `-`, `OR OR`, `(((`, "\x00\x01\x7f контроль", strings.Repeat("коррупция ", 1100), `*`, `"`, `~2`} {
			for _, path := range []string{"/api/v1/search?lang=ru&q=", "/ru/library?q="} {
				status, out := do(t, "GET", h.URL+path+url.QueryEscape(q), "", nil)
				if status != 200 && status != 400 {
					t.Errorf("%s%.20q: %d %.200s", path, q, status, out)
				}
			}
		}
	})
}

func TestLibraryAttachments(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	token := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	kzToken := addUser(t, env, "--email", "kz@example.kz", "--name", "Focal KZ", "--role", "focal-point", "--country", "KZ")
	id := createDoc(t, h.URL, token, `{"kind":"training","countries":["UZ"],"visibility":"members","translations":{"uz":{"title":"Oʻquv materiali"}}}`)
	files := h.URL + "/api/v1/documents/" + id + "/attachments"

	docx := docxFile(t, "Manfaatlar toʻqnashuvini boshqarish boʻyicha qoʻllanma.", "Davlat xizmatchilarining daromadlarini deklaratsiya qilish tartibi.")
	status, out := upload(t, files, token, "qoʻllanma.pdf", docx, "")
	var a attachmentJSON
	if status != 201 || json.Unmarshal(out, &a) != nil || a.Format != "docx" || a.TextState != "pending" {
		t.Fatalf("upload: %d %s", status, out)
	}

	t.Run("the text is extracted in the background and searched with the document", func(t *testing.T) {
		got := waitExtracted(t, h.URL, id, token)
		if len(got) != 1 || !got[0].Searchable || got[0].Lang != "uz" {
			t.Fatalf("after extraction: %+v", got)
		}
		// Members-only: found by a member, not anonymously.
		deadline := time.Now().Add(5 * time.Second)
		for {
			_, out := do(t, "GET", h.URL+"/api/v1/search?lang=uz&q="+url.QueryEscape("toʻqnashuvini"), token, nil)
			if strings.Contains(string(out), id) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("attachment text not found: %s", out)
			}
			time.Sleep(50 * time.Millisecond)
		}
		if _, out := do(t, "GET", h.URL+"/api/v1/search?lang=uz&q="+url.QueryEscape("toʻqnashuvini"), "", nil); strings.Contains(string(out), id) {
			t.Error("an anonymous search finds a members-only attachment")
		}
	})

	t.Run("downloads obey the document's visibility", func(t *testing.T) {
		status, body := do(t, "GET", files+"/"+a.ID, token, nil)
		if status != 200 || !bytes.Equal(body, docx) {
			t.Fatalf("download: %d, %d bytes", status, len(body))
		}
		if status, _ := do(t, "GET", files+"/"+a.ID, "", nil); status != 404 {
			t.Errorf("anonymous download: %d", status)
		}
		req, _ := http.NewRequest("GET", files+"/"+a.ID, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" ||
			!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") || !strings.Contains(res.Header.Get("Content-Security-Policy"), "sandbox") {
			t.Errorf("download headers: %v", res.Header)
		}
	})

	t.Run("an executable renamed .pdf is refused with 415", func(t *testing.T) {
		elf := append([]byte("\x7fELF\x02\x01\x01\x00"), bytes.Repeat([]byte{0, 1, 2, 3}, 1000)...)
		status, out := upload(t, files+"?lang=ru", token, "law.pdf", elf, "")
		if status != 415 || !strings.Contains(string(out), "PDF, DOCX") {
			t.Fatalf("executable: %d %s", status, out)
		}
	})

	t.Run("a file without text is kept but marked not searchable", func(t *testing.T) {
		pub := createDoc(t, h.URL, token, `{"kind":"report","countries":["UZ"],"translations":{"ru":{"title":"Отчёт"}}}`)
		status, out := upload(t, h.URL+"/api/v1/documents/"+pub+"/attachments", token, "scan.pdf", emptyPDF(), "ru")
		if status != 201 {
			t.Fatalf("upload: %d %s", status, out)
		}
		got := waitExtracted(t, h.URL, pub, token)
		if len(got) != 1 || got[0].Format != "pdf" || got[0].TextState != "failed" || got[0].Searchable {
			t.Fatalf("scan: %+v", got)
		}
		_, page := do(t, "GET", h.URL+"/ru/library/"+pub, "", nil)
		if !strings.Contains(string(page), "Не доступен для поиска") || !strings.Contains(string(page), "scan.pdf") {
			t.Errorf("the page does not say the scan is not searchable")
		}
	})

	t.Run("attaching follows the editing rules", func(t *testing.T) {
		if status, _ := upload(t, files, "", "a.txt", []byte("текст"), ""); status != 401 {
			t.Errorf("anonymous: %d", status)
		}
		if status, _ := upload(t, files, kzToken, "a.txt", []byte("текст"), ""); status != 403 && status != 404 {
			t.Errorf("focal point of another country: %d", status)
		}
		if status, _ := upload(t, files, token, "a.txt", []byte("текст"), "fr"); status != 400 {
			t.Errorf("unknown language: %d", status)
		}
	})

	t.Run("a 60 MB upload gets 413 without being read into memory", func(t *testing.T) {
		const size = 60 << 20
		for _, chunked := range []bool{false, true} {
			pr, pw := io.Pipe()
			mw := multipart.NewWriter(pw)
			go func() {
				// The hub may answer before the body is sent: every write
				// can fail.
				fw, err := mw.CreateFormFile("file", "big.txt")
				if err == nil {
					_, err = io.Copy(fw, io.LimitReader(repeatReader("коррупция "), size))
				}
				if err == nil {
					err = mw.Close()
				}
				pw.CloseWithError(err)
			}()
			req, _ := http.NewRequest("POST", files, pr)
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			if !chunked {
				req.ContentLength = size + 400
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			res, err := http.DefaultClient.Do(req)
			pr.CloseWithError(io.ErrClosedPipe)
			if err != nil {
				t.Fatalf("chunked=%v: %v", chunked, err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			runtime.ReadMemStats(&after)
			if res.StatusCode != 413 || !strings.Contains(string(body), "50 MB") {
				t.Fatalf("chunked=%v: %d %s", chunked, res.StatusCode, body)
			}
			grew := after.TotalAlloc - before.TotalAlloc
			t.Logf("chunked=%v: %.1f MB allocated in the whole process while refusing 60 MB", chunked, float64(grew)/(1<<20))
			if grew > 30<<20 {
				t.Errorf("chunked=%v: %d MB allocated while refusing 60 MB", chunked, grew>>20)
			}
		}
	})

	t.Run("a document deleted during an upload leaves no file behind", func(t *testing.T) {
		victim := createDoc(t, h.URL, token, `{"kind":"training","countries":["UZ"],"translations":{"ru":{"title":"Удаляемый"}}}`)
		before := storedFiles(t, h.DataDir)
		pr, pw := io.Pipe()
		mw := multipart.NewWriter(pw)
		req, _ := http.NewRequest("POST", h.URL+"/api/v1/documents/"+victim+"/attachments", pr)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		type result struct {
			status int
			err    error
		}
		done := make(chan result, 1)
		go func() {
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				done <- result{0, err}
				return
			}
			res.Body.Close()
			done <- result{res.StatusCode, nil}
		}()
		fw, _ := mw.CreateFormFile("file", "law.txt")
		// Sixteen megabytes in: the hub has checked the permission and is
		// reading the file.
		if _, err := io.Copy(fw, io.LimitReader(repeatReader("Закон о противодействии коррупции. "), 16<<20)); err != nil {
			t.Fatal(err)
		}
		if status, out := do(t, "DELETE", h.URL+"/api/v1/documents/"+victim, token, nil); status != 204 {
			t.Fatalf("delete: %d %s", status, out)
		}
		io.Copy(fw, io.LimitReader(repeatReader("Закон о противодействии коррупции. "), 1<<20))
		mw.Close()
		pw.Close()
		r := <-done
		if r.err != nil || r.status != 404 {
			t.Fatalf("upload to a deleted document: %d %v", r.status, r.err)
		}
		if after := storedFiles(t, h.DataDir); after != before {
			t.Fatalf("%d stored files before, %d after", before, after)
		}
	})
}

// repeatReader repeats s forever.
func repeatReader(s string) io.Reader { return &repeater{s: []byte(s)} }

type repeater struct {
	s []byte
	i int
}

func (r *repeater) Read(p []byte) (int, error) {
	for n := range p {
		p[n] = r.s[r.i]
		r.i = (r.i + 1) % len(r.s)
	}
	return len(p), nil
}

// unlabelled lists the form controls of a page that have no label: no
// <label for>, no enclosing <label>, no aria-label.
func unlabelled(t *testing.T, page []byte) []string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	attr := func(n *html.Node, name string) string {
		for _, a := range n.Attr {
			if a.Key == name {
				return a.Val
			}
		}
		return ""
	}
	labelled := map[string]bool{}
	var controls []*html.Node
	var walk func(n *html.Node, inLabel bool)
	walk = func(n *html.Node, inLabel bool) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "label":
				if f := attr(n, "for"); f != "" {
					labelled[f] = true
				}
				inLabel = true
			case "input", "select", "textarea":
				typ := attr(n, "type")
				if typ != "hidden" && typ != "submit" && !inLabel && attr(n, "aria-label") == "" {
					controls = append(controls, n)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLabel)
		}
	}
	walk(doc, false)
	var out []string
	for _, n := range controls {
		if id := attr(n, "id"); id == "" || !labelled[id] {
			out = append(out, n.Data+" "+attr(n, "name"))
		}
	}
	return out
}

func TestLibraryForms(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	kz := addUser(t, env, "--email", "kz@example.kz", "--name", "Focal KZ", "--role", "focal-point", "--country", "KZ")
	post := func(t *testing.T, path, token string, form url.Values) (int, string, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", h.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Location"), string(b)
	}
	form := func(country, title string) url.Values {
		return url.Values{
			"kind": {"national_law"}, "visibility": {"public"}, "countries": {country}, "areas": {"prevention", "criminalization"},
			"articles": {"5, 8(5), 20"}, "title_kk": {title}, "summary_kk": {"Қысқаша"}, "body_kk": {"Бірінші бап.\n\nЕкінші бап."},
			"issuing_body_kk": {"Парламент"}, "title_ru": {"Закон"}, "adopted": {"2015-11-18"}, "in_force": {"2016-01-01"},
			"status": {"in_force"}, "status_date": {"2016-01-01"},
		}
	}

	t.Run("an anonymous visitor is sent to sign in", func(t *testing.T) {
		req, _ := http.NewRequest("GET", h.URL+"/ru/library/new", nil)
		res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 303 || !strings.HasPrefix(res.Header.Get("Location"), "/ru/signin?next=") {
			t.Fatalf("%d %s", res.StatusCode, res.Header.Get("Location"))
		}
	})

	var id string
	t.Run("a focal point creates a document of their country", func(t *testing.T) {
		status, page := do(t, "GET", h.URL+"/kk/library/new", kz, nil)
		if status != 200 || !strings.Contains(string(page), `name="countries" value="KZ" checked`) {
			t.Fatalf("new form: %d", status)
		}
		if u := unlabelled(t, page); len(u) > 0 {
			t.Errorf("controls without a label: %v", u)
		}
		status, loc, body := post(t, "/kk/library/new", kz, form("KZ", "Сыбайлас жемқорлыққа қарсы іс-қимыл туралы"))
		if status != 303 || !strings.HasPrefix(loc, "/kk/library/") {
			t.Fatalf("create: %d %s %s", status, loc, body)
		}
		id = strings.TrimPrefix(loc, "/kk/library/")
		_, out := do(t, "GET", h.URL+"/api/v1/documents/"+id, "", nil)
		for _, want := range []string{`"uncacArticles":[5,8,20]`, `"uncacParagraphs":["8(5)"]`, `"issuingBody":"Парламент"`, `"status":"in_force"`, `"adopted":"2015-11-18"`} {
			if !strings.Contains(string(out), want) {
				t.Errorf("created document lacks %s: %s", want, out)
			}
		}
	})

	t.Run("a refused form comes back with the message and everything typed", func(t *testing.T) {
		f := form("KZ", "Тексерілетін атау")
		f.Set("adopted", "18.11.2015")
		status, _, body := post(t, "/ru/library/new", kz, f)
		if status != 400 || !strings.Contains(body, "не дата") || !strings.Contains(body, `value="Тексерілетін атау"`) ||
			!strings.Contains(body, `value="18.11.2015"`) || !strings.Contains(body, `value="5, 8(5), 20"`) || !strings.Contains(body, `role="alert"`) {
			t.Fatalf("bad date: %d %s", status, body)
		}
		f = form("KZ", "Тексерілетін атау")
		f.Set("articles", "5, 99")
		if status, _, body := post(t, "/kk/library/new", kz, f); status != 400 || !strings.Contains(body, "99") || !strings.Contains(body, `value="5, 99"`) {
			t.Fatalf("article 99: %d", status)
		}
		if status, _, body := post(t, "/uz/library/new", kz, form("UZ", "Boshqa mamlakat")); status != 403 || !strings.Contains(body, "ruxsat") {
			t.Fatalf("another country's document: %d", status)
		}
	})

	t.Run("an edit keeps provisions and refuses another country and stale versions", func(t *testing.T) {
		// Provisions come through the API; the form keeps them.
		_, out := do(t, "GET", h.URL+"/api/v1/documents/"+id, "", nil)
		withProvision := strings.Replace(string(out), `"provisions":[]`, `"provisions":[{"key":"art-3","number":"3","uncacArticles":[7],"translations":{"kk":{"title":"Мемлекеттік қызмет"}}}]`, 1)
		var in map[string]any
		json.Unmarshal([]byte(withProvision), &in)
		for _, k := range []string{"id", "createdAt", "updatedAt", "createdBy", "updatedBy", "version"} {
			delete(in, k)
		}
		b, _ := json.Marshal(in)
		if status, out := do(t, "PUT", h.URL+"/api/v1/documents/"+id, kz, bytes.NewReader(b)); status != 200 {
			t.Fatalf("put: %d %s", status, out)
		}
		status, page := do(t, "GET", h.URL+"/kk/library/"+id+"/edit", kz, nil)
		if status != 200 || !strings.Contains(string(page), `name="version" value="2"`) {
			t.Fatalf("edit form: %d", status)
		}
		if u := unlabelled(t, page); len(u) > 0 {
			t.Errorf("controls without a label: %v", u)
		}
		f := form("KZ", "Жаңа атау")
		f.Set("version", "2")
		status, loc, body := post(t, "/kk/library/"+id+"/edit", kz, f)
		if status != 303 || loc != "/kk/library/"+id {
			t.Fatalf("edit: %d %s %s", status, loc, body)
		}
		_, out = do(t, "GET", h.URL+"/api/v1/documents/"+id, "", nil)
		if !strings.Contains(string(out), "Жаңа атау") || !strings.Contains(string(out), `"key":"art-3"`) || !strings.Contains(string(out), `"uncacArticles":[5,7,8,20]`) {
			t.Fatalf("after the edit: %s", out)
		}
		// The same form again, still at version 2: someone saved meanwhile.
		if status, _, body := post(t, "/kk/library/"+id+"/edit", kz, f); status != 409 || !strings.Contains(body, `value="Жаңа атау"`) {
			t.Fatalf("stale form: %d", status)
		}
		uz := createDoc(t, h.URL, sec, `{"kind":"national_law","countries":["UZ"],"translations":{"uz":{"title":"Qonun"}}}`)
		status, page = do(t, "GET", h.URL+"/uz/library/"+uz+"/edit", kz, nil)
		if status != 403 || !strings.Contains(string(page), `role="alert"`) || !strings.Contains(string(page), `value="Qonun"`) {
			t.Fatalf("edit form of another country: %d", status)
		}
		f = form("UZ", "Oʻzgartirilgan")
		f.Set("version", "1")
		if status, _, body := post(t, "/uz/library/"+uz+"/edit", kz, f); status != 403 || !strings.Contains(body, "ruxsat") || !strings.Contains(body, `value="Oʻzgartirilgan"`) {
			t.Fatalf("edit of another country: %d", status)
		}
		if _, out := do(t, "GET", h.URL+"/api/v1/documents/"+uz, "", nil); !strings.Contains(string(out), `"version":1`) {
			t.Fatalf("refused edit changed the document: %s", out)
		}
	})

	t.Run("every library page labels its controls", func(t *testing.T) {
		for _, path := range []string{"/ru/library", "/ru/library?q=закон&country=KZ", "/ru/library/" + id, "/ru/library/" + id + "/p/art-3",
			"/ru/library/" + id + "/versions", "/ru/uncac", "/ru/uncac/5"} {
			status, page := do(t, "GET", h.URL+path, sec, nil)
			if status != 200 {
				t.Errorf("%s: %d", path, status)
				continue
			}
			if u := unlabelled(t, page); len(u) > 0 {
				t.Errorf("%s: controls without a label: %v", path, u)
			}
			if n := strings.Count(string(page), "<h1"); n != 1 {
				t.Errorf("%s: %d h1 elements", path, n)
			}
		}
	})
}
