package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ca-uncac/hub/platform/photo/phototest"
)

// TestAnExpertsPhotoIsMadeCleanAndShownToThoseWhoMaySeeIt: an expert
// uploads a phone's photo (raw body, then the page's multipart form); the
// hub keeps the upright, resized JPEG without the EXIF block, serves it to
// members (the photo's audience) and not to the public, refuses another
// expert (403), a file that is no image (415) and one over the limit
// (413), and removes a replaced photo from the store.
func TestAnExpertsPhotoIsMadeCleanAndShownToThoseWhoMaySeeIt(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	expert := addUser(t, env, "--email", "a.nurlanova@example.kz", "--name", "Aigerim Nurlanova", "--role", "expert", "--country", "KZ")
	other := addUser(t, env, "--email", "b.toktogulov@example.kg", "--name", "Bakyt Toktogulov", "--role", "expert", "--country", "KG")
	member := addUser(t, env, "--email", "fp@example.kg", "--name", "Focal KG", "--role", "focal-point", "--country", "KG")
	e := createExpert(t, h.URL, expert, aigerim)
	if status, raw := do(t, "POST", h.URL+"/api/v1/experts/"+e.ID+"/approve", sec, nil); status != 200 {
		t.Fatalf("approve: %d %s", status, raw)
	}
	put := func(token string, body []byte, header ...string) (int, []byte) {
		t.Helper()
		return do(t, "PUT", h.URL+"/api/v1/experts/"+e.ID+"/photo?lang=en", token, bytes.NewReader(body), append([]string{"Content-Type", "image/jpeg"}, header...)...)
	}
	phone := phoneJPEG(t)

	status, raw := put(expert, phone)
	var p struct {
		Width, Height int
		SHA256        string
	}
	if status != 200 || json.Unmarshal(raw, &p) != nil || p.Width != 450 || p.Height != 600 {
		t.Fatalf("upload: %d %s", status, raw)
	}
	get := func(token string) (int, []byte) {
		t.Helper()
		return do(t, "GET", h.URL+"/api/v1/experts/"+e.ID+"/photo", token, nil)
	}
	status, jpg := get(member)
	if status != 200 {
		t.Fatalf("a member reads the photo: %d %s", status, jpg)
	}
	if err := phototest.CheckClean(jpg, 450, 600); err != nil {
		t.Errorf("the photo served: %v", err)
	}
	if bytes.Contains(jpg, phototest.GPSBytes("II")) {
		t.Errorf("the photo served keeps the upload's position")
	}
	if status, _ := get(""); status != 404 {
		t.Errorf("the public reads a photo for members: %d", status)
	}
	if _, page := do(t, "GET", h.URL+"/en/experts/"+e.ID, "", nil); strings.Contains(string(page), "/photo") {
		t.Errorf("the public page links the photo")
	}
	if _, page := do(t, "GET", h.URL+"/en/experts/"+e.ID, member, nil); !strings.Contains(string(page), `id="expert-photo" src="/api/v1/experts/`+e.ID+`/photo?v=`) {
		t.Errorf("a member's page lacks the photo")
	}

	for _, tt := range []struct {
		name, token string
		body        []byte
		status      int
		word        string
	}{
		{"another expert", other, phone, 403, ""},
		{"a text file", expert, []byte("not a photo at all, only words"), 415, "JPEG"},
		{"over ten megabytes", expert, append(bytes.Clone(phone), make([]byte, 10<<20)...), 413, "10 MB"},
		{"nothing", expert, nil, 400, ""},
	} {
		if status, raw := put(tt.token, tt.body); status != tt.status || !strings.Contains(string(raw), tt.word) {
			t.Errorf("%s: %d %.300s", tt.name, status, raw)
		}
	}
	if status, jpg2 := get(sec); status != 200 || !bytes.Equal(jpg, jpg2) {
		t.Errorf("the photo changed after refusals: %d", status)
	}

	// The page's form sends the photo as multipart; the photo it replaces
	// leaves the store.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("photo", "portrait.png")
	fw.Write(portraitPNG(t))
	mw.Close()
	req, _ := http.NewRequest("POST", h.URL+"/en/experts/"+e.ID+"/photo", &body)
	req.Header.Set("Authorization", "Bearer "+expert)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/en/experts/"+e.ID+"?done=photo" {
		t.Fatalf("the page's photo form: %d %s %s", res.StatusCode, res.Header.Get("Location"), msg)
	}
	if _, jpg2 := get(member); bytes.Equal(jpg, jpg2) {
		t.Errorf("the photo did not change")
	}
	stored, _ := filepath.Glob(filepath.Join(h.DataDir, "objects", "photos", e.ID, "*"))
	if len(stored) != 1 {
		t.Errorf("the store keeps %d photos of the expert: %v", len(stored), stored)
	}
	if status, raw := do(t, "DELETE", h.URL+"/api/v1/experts/"+e.ID+"/photo", expert, nil); status != 204 {
		t.Fatalf("delete: %d %s", status, raw)
	}
	if status, _ := get(sec); status != 404 {
		t.Errorf("a removed photo: %d", status)
	}
	stored, _ = filepath.Glob(filepath.Join(h.DataDir, "objects", "photos", e.ID, "*"))
	if len(stored) != 0 {
		t.Errorf("the store keeps a removed photo: %v", stored)
	}
}

// portraitPNG is a small PNG, another photo than phoneJPEG's.
func portraitPNG(t *testing.T) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 300, 400))
	for y := range 400 {
		for x := range 300 {
			m.Set(x, y, color.RGBA{200, uint8(x), uint8(y / 2), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
