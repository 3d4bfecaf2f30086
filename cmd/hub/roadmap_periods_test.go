package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestTheSecretariatSetsUpAPeriodAndItsPrioritiesWithTheForms(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	kz := addUser(t, env, "--email", "fp@example.kz", "--name", "Focal KZ", "--role", "focal-point", "--country", "KZ")

	if status, page := do(t, "GET", h.URL+"/ru/roadmap", "", nil); status != 200 || !strings.Contains(string(page), `href="/ru/roadmap/periods"`) {
		t.Errorf("the overview does not link the periods: %d", status)
	}
	period := url.Values{"id": {roadmapPeriod}, "start": {"2025-01-01"}, "end": {"2026-12-31"}, "title": {"Первый период"}, "lang": {"ru"},
		"stallDays": {"60"}, "previous": {""}}
	status, page := form(t, h.URL, "/ru/roadmap/periods", sec, period)
	if status != 200 || !strings.Contains(page, `id="period-`+roadmapPeriod+`"`) || !strings.Contains(page, "Первый период") {
		t.Fatalf("the new period: %d %.400s", status, page)
	}
	prio := url.Values{"period": {roadmapPeriod}, "area": {"prevention"}, "code": {"1"}, "order": {"1"}, "title": {"Добросовестность на госслужбе"},
		"description": {""}, "visibility": {"public"}, "lang": {"ru"}}
	status, page = form(t, h.URL, "/ru/roadmap/priorities", sec, prio)
	if status != 200 || !strings.Contains(page, "Добросовестность на госслужбе") {
		t.Fatalf("the new priority: %d %.400s", status, page)
	}

	// Every reader sees them; an English reader sees the Russian title
	// marked as not in their language.
	status, out := do(t, "GET", h.URL+"/en/roadmap/periods", "", nil)
	if status != 200 || !strings.Contains(string(out), "Добросовестность на госслужбе") || !strings.Contains(string(out), `class="fallback-mark"`) ||
		!strings.Contains(string(out), "Preventive measures") || !strings.Contains(string(out), ">60<") {
		t.Errorf("an anonymous reader's page: %d %.600s", status, out)
	}
	if strings.Contains(string(out), `action="/en/roadmap/periods"`) {
		t.Errorf("an anonymous reader is shown the forms")
	}

	// Edited in English: the Russian titles are kept.
	edit := url.Values{"start": {"2025-01-01"}, "end": {"2026-12-31"}, "title": {"First period"}, "lang": {"en"}, "stallDays": {"90"}, "version": {"1"}}
	if status, page := form(t, h.URL, "/en/roadmap/periods/"+roadmapPeriod, sec, edit); status != 200 || !strings.Contains(page, "First period") {
		t.Errorf("edit the period: %d %.300s", status, page)
	}
	status, out = do(t, "GET", h.URL+"/api/v1/roadmap/periods", sec, nil)
	if status != 200 || !strings.Contains(string(out), `"ru":"Первый период"`) || !strings.Contains(string(out), `"en":"First period"`) || !strings.Contains(string(out), `"stallDays":90`) {
		t.Errorf("the period after the edit: %d %s", status, out)
	}
	status, out = do(t, "GET", h.URL+"/api/v1/roadmap/priorities?period="+roadmapPeriod, sec, nil)
	var list struct {
		Priorities []struct{ ID string }
	}
	if status != 200 || json.Unmarshal(out, &list) != nil || len(list.Priorities) != 1 {
		t.Fatalf("the priorities: %d %s", status, out)
	}
	prios := list.Priorities
	pedit := url.Values{"period": {roadmapPeriod}, "area": {"prevention"}, "code": {"1"}, "order": {"2"}, "title": {"Integrity in the civil service"},
		"visibility": {"public"}, "lang": {"en"}, "version": {"1"}}
	if status, page := form(t, h.URL, "/en/roadmap/priorities/"+prios[0].ID, sec, pedit); status != 200 || !strings.Contains(page, "Integrity in the civil service") {
		t.Errorf("edit the priority: %d %.300s", status, page)
	}
	_, out = do(t, "GET", h.URL+"/api/v1/roadmap/priorities?period="+roadmapPeriod, sec, nil)
	if !strings.Contains(string(out), `"ru":"Добросовестность на госслужбе"`) || !strings.Contains(string(out), `"en":"Integrity in the civil service"`) || !strings.Contains(string(out), `"order":2`) {
		t.Errorf("the priority after the edit: %s", out)
	}

	// A bad id comes back with the field named in Russian and what was
	// typed.
	bad := url.Values{"id": {"2025"}, "start": {"2027-01-01"}, "end": {"2028-12-31"}, "title": {"Второй период"}, "lang": {"ru"}}
	if status, page := form(t, h.URL, "/ru/roadmap/periods", sec, bad); status != http.StatusBadRequest || !strings.Contains(page, `data-field="id"`) ||
		!strings.Contains(page, "Поле «Годы периода") || !strings.Contains(page, `value="Второй период"`) || !strings.Contains(page, `value="2025"`) {
		t.Errorf("a bad id: %d %.600s", status, page)
	}
	// A period that exists is not replaced by the new-period form.
	if status, page := form(t, h.URL, "/ru/roadmap/periods", sec, period); status != http.StatusConflict || !strings.Contains(page, "уже существует") {
		t.Errorf("a period that exists: %d", status)
	}

	// A focal point may not; an anonymous visitor is sent to sign in;
	// nothing is saved.
	next := url.Values{"id": {"2027-2028"}, "start": {"2027-01-01"}, "end": {"2028-12-31"}, "title": {"Второй период"}, "lang": {"ru"}}
	if status, _ := form(t, h.URL, "/ru/roadmap/periods", kz, next); status != http.StatusForbidden {
		t.Errorf("a focal point's new period: %d", status)
	}
	if status, _ := form(t, h.URL, "/ru/roadmap/priorities", kz, prio); status != http.StatusForbidden {
		t.Errorf("a focal point's new priority: %d", status)
	}
	if status, _ := form(t, h.URL, "/ru/roadmap/priorities/"+prios[0].ID, kz, pedit); status != http.StatusForbidden {
		t.Errorf("a focal point's priority edit: %d", status)
	}
	if status, page := form(t, h.URL, "/ru/roadmap/periods", "", next); status != 200 || !strings.Contains(page, `id="h-signin"`) {
		t.Errorf("an anonymous new period: %d", status)
	}
	if status, page := do(t, "GET", h.URL+"/ru/roadmap/periods", kz, nil); status != 200 || strings.Contains(string(page), `action="/ru/roadmap/periods"`) {
		t.Errorf("a focal point is shown the forms: %d", status)
	}
	_, out = do(t, "GET", h.URL+"/api/v1/roadmap/periods", sec, nil)
	if strings.Contains(string(out), "2027-2028") {
		t.Errorf("a refused period was saved: %s", out)
	}
	_, out = do(t, "GET", h.URL+"/api/v1/roadmap/priorities?period="+roadmapPeriod, sec, nil)
	if n := strings.Count(string(out), `"id":`); n != 1 {
		t.Errorf("%d priorities after the refused ones: %s", n, out)
	}
}
