package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"slices"
	"strings"
	"testing"
	"time"
)

// contractSkipped are the operations the contract test does not send
// successfully, each with its reason. The test fails when one of them is
// answered with success after all, or is no longer in the document, so the
// list stays true.
var contractSkipped = map[string]string{}

// TestEveryOperationMatchesTheOpenAPIDocument sends every operation of the
// document, reads and writes, as a caller allowed to, with a valid body,
// and holds the request and the answer to the document; and errors of each
// family (a bad body, no token, a forbidden caller, a missing record, a
// stale If-Match), whose answers must match the Error schema. An operation
// of the document not answered with success here nor listed in
// contractSkipped fails the test, so a new one cannot go unchecked.
func TestEveryOperationMatchesTheOpenAPIDocument(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	kz := addUser(t, env, "--email", "fp@example.kz", "--name", "Focal KZ", "--role", "focal-point", "--country", "KZ")
	uz := addUser(t, env, "--email", "fp@example.uz", "--name", "Focal UZ", "--role", "focal-point", "--country", "UZ")
	expert := addUser(t, env, "--email", "a.nurlanova@example.kz", "--name", "Aigerim Nurlanova", "--role", "expert", "--country", "KZ")
	c := newContract(t, h.URL)
	id := func(b []byte) string {
		t.Helper()
		var rec struct{ ID string }
		if err := json.Unmarshal(b, &rec); err != nil || rec.ID == "" {
			t.Fatalf("no id in %.300s", b)
		}
		return rec.ID
	}
	const missing = "0123456789abcdef01234567"

	// A certificate is issued once its event is over: a training ending
	// in a few seconds, attended, is read at the end of the test.
	end := time.Now().Add(8 * time.Second).Truncate(time.Second)
	closing := id(c.json("POST", "/api/v1/events", sec, closingTrainingJSON(end), 201))
	var attendee registrationJSON
	json.Unmarshal(c.json("POST", "/api/v1/events/"+closing+"/registrations", "", personJSON("Айгүл Сейітқызы", "aigul@example.kg", "KG"), 201), &attendee)
	c.json("POST", "/api/v1/events/"+closing+"/checkin", sec, fmt.Sprintf(`{"code":%q}`, attendee.CheckInCode), 200)

	// Accounts.
	{
		tok := c.json("POST", "/api/v1/me/tokens", sec, `{"name":"contract test"}`, 201)
		var created struct{ Token struct{ ID string } }
		json.Unmarshal(tok, &created)
		c.json("DELETE", "/api/v1/me/tokens/"+created.Token.ID, sec, "", 204)
		u := c.json("POST", "/api/v1/users", sec, `{"email":"new@example.kg","name":"Бакыт Асанов","role":"focal-point","country":"KG"}`, 201)
		var nu struct{ User struct{ ID string } }
		json.Unmarshal(u, &nu)
		c.json("PATCH", "/api/v1/users/"+nu.User.ID, sec, `{"organization":"Anti-Corruption Service"}`, 200)
		c.json("POST", "/api/v1/users/"+nu.User.ID+"/erase", sec, "", 200)
		c.json("PATCH", "/api/v1/users/"+missing, sec, `{"organization":"x"}`, 404)
		for _, path := range []string{"/api/v1/me", "/api/v1/me/export", "/api/v1/me/tokens", "/api/v1/users", "/api/v1/users/" + nu.User.ID,
			"/api/v1/audit?limit=20"} {
			c.json("GET", path, sec, "", 200)
		}
		c.json("GET", "/api/v1/me", "", "", 401)
		c.json("GET", "/api/v1/audit", kz, "", 403)
		for _, path := range []string{"/healthz", "/readyz", "/api/openapi.json"} {
			c.json("GET", path, "", "", 200)
		}
	}

	// Library.
	{
		law := `{"kind":"national_law","countries":["KZ"],"areas":["prevention"],"uncacArticles":[20],"visibility":"public","adopted":"2015-11-18",
		  "status":"in_force","translations":{"ru":{"title":"О противодействии коррупции","summary":"Закон Республики Казахстан"}}}`
		doc := id(c.json("POST", "/api/v1/documents", sec, law, 201))
		changed := strings.Replace(law, "Закон Республики Казахстан", "Закон Республики Казахстан от 18 ноября 2015 года", 1)
		c.json("PUT", "/api/v1/documents/"+doc, sec, changed, 200, "If-Match", `"v1"`)
		// Errors: a stale version, a body that is not the input, no such document.
		c.json("PUT", "/api/v1/documents/"+doc, sec, law, 409, "If-Match", `"v1"`)
		c.send(exchange{method: "POST", path: "/api/v1/documents", token: sec, body: []byte(`{"kind":"national_law","colour":"red"}`), want: 400, badRequest: true})
		c.send(exchange{method: "POST", path: "/api/v1/documents", token: sec, body: []byte(`{"kind":`), want: 400, badRequest: true})
		c.json("PUT", "/api/v1/documents/"+missing, sec, law, 404)
		c.json("POST", "/api/v1/documents", "", law, 401)
		c.json("POST", "/api/v1/documents", expert, law, 403)
		// A body over HUB_MAX_BODY (1 MB by default) that the document allows.
		c.json("POST", "/api/v1/documents", sec, `{"kind":"report","translations":{"en":{"title":"Long","body":"`+strings.Repeat("x", 1<<20)+`"}}}`, 413)

		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("lang", "ru")
		fw, _ := mw.CreateFormFile("file", "zakon.txt")
		fw.Write([]byte("Закон о противодействии коррупции."))
		mw.Close()
		att := id(c.send(exchange{method: "POST", path: "/api/v1/documents/" + doc + "/attachments", token: sec,
			contentType: mw.FormDataContentType(), body: body.Bytes(), want: 201}))
		for _, path := range []string{"/api/v1/documents?country=KZ", "/api/v1/documents/" + doc, "/api/v1/documents/" + doc + "/versions",
			"/api/v1/documents/" + doc + "/versions/1", "/api/v1/documents/" + doc + "/attachments", "/api/v1/documents/" + doc + "/attachments/" + att} {
			c.json("GET", path, sec, "", 200)
		}
		c.json("DELETE", "/api/v1/documents/"+doc+"/attachments/"+att, sec, "", 204)
		// An executable named .pdf: an unsupported type.
		body.Reset()
		mw = multipart.NewWriter(&body)
		fw, _ = mw.CreateFormFile("file", "law.pdf")
		fw.Write(append([]byte("\x7fELF\x02\x01\x01\x00"), bytes.Repeat([]byte{0, 1, 2, 3}, 1000)...))
		mw.Close()
		c.send(exchange{method: "POST", path: "/api/v1/documents/" + doc + "/attachments", token: sec,
			contentType: mw.FormDataContentType(), body: body.Bytes(), want: 415})

		lines := `{"kind":"national_law","countries":["UZ"],"translations":{"uz":{"title":"Korrupsiyaga qarshi kurashish to'g'risida"}}}` + "\n" +
			`{"kind":"report","countries":["TM"],"translations":{"tk":{"title":"Korrupsiýa garşy hasabat"}}}` + "\n"
		c.send(exchange{method: "POST", path: "/api/v1/documents/import", token: sec, contentType: "application/x-ndjson", body: []byte(lines), want: 201})
		waitFound(t, h.URL, "противодействии", "ru", doc, 30*time.Second)
		c.json("GET", "/api/v1/search?q=противодействии&lang=ru", "", "", 200)
		c.json("GET", "/api/v1/suggest?q=проти&lang=ru", "", "", 200)
		c.json("DELETE", "/api/v1/documents/"+doc, sec, "", 204)
		c.json("DELETE", "/api/v1/documents/"+doc, sec, "", 404)
	}

	// Events, registrations and evaluations.
	{
		ev := c.json("POST", "/api/v1/events", sec, bishkekWebinar, 201)
		webinar := id(ev)
		c.json("PUT", "/api/v1/events/"+webinar, sec, strings.Replace(bishkekWebinar, `"capacity":80`, `"capacity":100`, 1), 200, "If-Match", `"v1"`)
		c.json("PUT", "/api/v1/events/"+webinar, sec, bishkekWebinar, 409, "If-Match", `"v1"`)
		c.send(exchange{method: "PUT", path: "/api/v1/events/" + webinar, token: sec, body: []byte(`{"kind":"picnic"}`), want: 400, badRequest: true})
		c.json("DELETE", "/api/v1/events/"+webinar, sec, "", 204)

		// Registrations to a training that needs approval: approved,
		// rejected, cancelled by the participant.
		approval := id(c.json("POST", "/api/v1/events", sec, openTrainingJSON(10, true), 201))
		reg := func(event, name, email string) registrationJSON {
			t.Helper()
			var r registrationJSON
			json.Unmarshal(c.json("POST", "/api/v1/events/"+event+"/registrations", "", personJSON(name, email, "KZ"), 201), &r)
			return r
		}
		a, b, d := reg(approval, "Айгүл Сейітқызы", "aigul@example.kz"), reg(approval, "Ерлан Оспанов", "erlan@example.kz"), reg(approval, "Dana Nurlanovna", "dana@example.kz")
		c.json("POST", "/api/v1/registrations/"+a.ID+"/approve", sec, "", 200)
		c.json("POST", "/api/v1/registrations/"+b.ID+"/reject", sec, "", 200)
		c.json("POST", "/api/v1/registrations/"+b.ID+"/reject", sec, "", 409)
		c.json("POST", "/api/v1/registrations/"+d.ID+"/cancel", "", "", 200, "X-Registration-Token", d.ManageToken)

		// A training running now: check-in, attendance, the evaluation
		// and a participant's answer.
		running := id(c.json("POST", "/api/v1/events", sec, runningTrainingJSON(5), 201))
		p := reg(running, "Dilnoza Karimova", "dilnoza@example.uz")
		c.json("POST", "/api/v1/events/"+running+"/checkin", sec, fmt.Sprintf(`{"code":%q}`, p.CheckInCode), 200)
		today := time.Now().In(time.FixedZone("Astana", 5*3600)).Format(time.DateOnly)
		c.json("PUT", "/api/v1/registrations/"+p.ID+"/attendance", sec, `{"days":["`+today+`"]}`, 200)
		c.json("PUT", "/api/v1/events/"+running+"/evaluation", sec, evaluationJSON, 200)
		c.json("POST", "/api/v1/registrations/"+p.ID+"/evaluation/pre", "", `{"choices":[1,0]}`, 201, "X-Registration-Token", p.ManageToken)
		from, to := time.Now().UTC().Add(-2*time.Hour).Format(time.RFC3339), time.Now().UTC().Add(2*time.Hour).Format(time.RFC3339)
		for _, path := range []string{"/api/v1/events", "/api/v1/events/calendar", "/api/v1/events/overlaps?country=KZ&start=" + from + "&end=" + to,
			"/api/v1/events/statistics", "/api/v1/events/" + running, "/api/v1/events/" + running + "/registrations", "/api/v1/events/" + running + "/participants",
			"/api/v1/registrations", "/api/v1/registrations/" + p.ID, "/api/v1/events/" + running + "/evaluation",
			"/api/v1/events/" + running + "/evaluation/results", "/api/v1/events/" + running + "/evaluation/answers"} {
			c.json("GET", path, sec, "", 200)
		}
		c.json("GET", "/api/v1/registrations/"+p.ID+"/evaluation", "", "", 200, "X-Registration-Token", p.ManageToken)
		c.json("GET", "/api/v1/registrations/"+p.ID, "", "", 404)
	}

	// Experts.
	{
		ev := id(c.json("POST", "/api/v1/events", sec, bishkekWebinar, 201))
		other := id(c.json("POST", "/api/v1/events", sec, openTrainingJSON(10, false), 201))
		own := id(c.json("POST", "/api/v1/experts", expert, aigerim, 201))
		c.json("POST", "/api/v1/experts/"+own+"/approve", sec, "", 200)
		changed := strings.Replace(aigerim, "Chief inspector of integrity", "Head of the integrity service", 1)
		c.json("PUT", "/api/v1/experts/"+own, expert, changed, 200, "If-Match", `"v2"`)
		c.json("PUT", "/api/v1/experts/"+own, expert, aigerim, 409, "If-Match", `"v2"`)
		c.send(exchange{method: "PUT", path: "/api/v1/experts/" + own + "/photo", contentType: "image/png", token: expert, body: portraitPNG(t), want: 200})
		c.json("GET", "/api/v1/experts/"+own+"/photo", sec, "", 200)
		// The same photo as a form's file.
		var form bytes.Buffer
		fw := multipart.NewWriter(&form)
		part, _ := fw.CreateFormFile("photo", "portrait.png")
		part.Write(portraitPNG(t))
		fw.Close()
		c.send(exchange{method: "PUT", path: "/api/v1/experts/" + own + "/photo", contentType: fw.FormDataContentType(), token: expert, body: form.Bytes(), want: 200})
		c.json("DELETE", "/api/v1/experts/"+own+"/photo", expert, "", 204)

		inv := id(c.json("POST", "/api/v1/experts/"+own+"/invitations", sec, `{"eventId":"`+ev+`","role":"trainer","message":"Would you train?"}`, 201))
		c.json("POST", "/api/v1/experts/"+own+"/invitations/"+inv+"/accept", expert, "", 200)
		inv2 := id(c.json("POST", "/api/v1/experts/"+own+"/invitations", sec, `{"eventId":"`+other+`","role":"speaker"}`, 201))
		c.json("POST", "/api/v1/experts/"+own+"/invitations/"+inv2+"/decline", expert, "", 200)

		entered := id(c.json("POST", "/api/v1/experts", sec, strings.Replace(aigerim, `"contact":{"email":"a.nurlanova@example.kz",`, `"contact":{"email":"aigerim@example.kz",`, 1), 201))
		for _, path := range []string{"/api/v1/experts", "/api/v1/experts/duplicates", "/api/v1/experts/match?event=" + ev, "/api/v1/experts/" + own,
			"/api/v1/experts/" + own + "/history", "/api/v1/experts/" + own + "/export", "/api/v1/experts/" + own + "/invitations"} {
			c.json("GET", path, sec, "", 200)
		}
		c.json("GET", "/api/v1/experts/"+own, "", "", 200)
		c.json("POST", "/api/v1/experts/merge", sec, `{"keep":"`+own+`","drop":"`+entered+`"}`, 200)
		c.json("POST", "/api/v1/experts/"+own+"/deletion-request", expert, `{"reason":"I left the civil service."}`, 202)
		c.json("POST", "/api/v1/experts/"+own+"/erase", sec, "", 204)
		c.json("POST", "/api/v1/experts/"+missing+"/approve", sec, "", 404)
	}

	// Roadmap.
	{
		c.json("POST", "/api/v1/roadmap/periods", sec, `{"id":"2025-2026","start":"2025-01-01T00:00:00Z","end":"2026-12-31T00:00:00Z"}`, 200)
		c.json("POST", "/api/v1/roadmap/periods", sec, `{"id":"2027-2028","start":"2027-01-01T00:00:00Z","end":"2028-12-31T00:00:00Z","previous":"2025-2026"}`, 200)
		prio := id(c.json("POST", "/api/v1/roadmap/priorities", sec,
			`{"period":"2025-2026","area":"prevention","code":"1","title":{"en":"Integrity in the civil service"},"visibility":"public"}`, 200))
		itemBody := `{"period":"2025-2026","priority":"` + prio + `","country":"KZ","code":"KZ-1.1","title":{"ru":"Внедрить декларирование активов"},"articles":[52]}`
		item := id(c.json("POST", "/api/v1/roadmap/items", kz, itemBody, 201))
		c.json("PUT", "/api/v1/roadmap/items/"+item, kz, strings.Replace(itemBody, "KZ-1.1", "KZ-1.2", 1), 200)
		c.json("PUT", "/api/v1/roadmap/items/"+item, kz, strings.Replace(itemBody, `"articles":[52]`, `"articles":[52],"ifVersion":1`, 1), 409)
		c.send(exchange{method: "POST", path: "/api/v1/roadmap/items", token: sec, body: []byte(`{"period":"2025-2026"}`), want: 400, badRequest: true})
		up := id(c.json("POST", "/api/v1/roadmap/items/"+item+"/updates", kz, `{"text":{"ru":"Проект закона внесён."},"claim":{"progress":40}}`, 201))
		c.json("POST", "/api/v1/roadmap/updates/"+up+"/review", sec, `{"verified":true}`, 200)
		// An update as a form, with a file as its evidence.
		var form bytes.Buffer
		uw := multipart.NewWriter(&form)
		uw.WriteField("text", "Закон принят.")
		uw.WriteField("lang", "ru")
		uw.WriteField("progress", "60")
		part, _ := uw.CreateFormFile("file", "zakon.txt")
		part.Write([]byte("Закон Республики Казахстан о декларировании активов."))
		uw.Close()
		c.send(exchange{method: "POST", path: "/api/v1/roadmap/items/" + item + "/updates", contentType: uw.FormDataContentType(), token: kz, body: form.Bytes(), want: 201})
		c.json("POST", "/api/v1/roadmap/reassessments", kz, `{"period":"2025-2026","country":"KZ","item":"`+item+`","itemType":"commitment","rating":"relevant"}`, 200)
		// An item is carried into the next period under its priority's copy.
		c.json("POST", "/api/v1/roadmap/items/"+prio+"/carry-over", sec, `{"to":"2027-2028"}`, 201)
		c.json("POST", "/api/v1/roadmap/items/"+item+"/carry-over", sec, `{"to":"2027-2028"}`, 201)
		c.json("POST", "/api/v1/roadmap/items/"+item+"/carry-over", sec, `{"to":"2027-2028"}`, 409)

		rec := id(c.json("POST", "/api/v1/roadmap/recommendations", sec,
			`{"country":"KZ","source":"oecd_iap","text":{"en":"Adopt a code of ethics."},"commitments":["`+item+`"]}`, 201))
		c.json("PUT", "/api/v1/roadmap/recommendations/"+rec, sec,
			`{"country":"KZ","source":"oecd_iap","text":{"en":"Adopt a code of ethics."},"implementation":"partially","commitments":["`+item+`"]}`, 200)
		c.json("POST", "/api/v1/follows", uz, `{"type":"commitment","id":"`+item+`"}`, 204)
		c.json("POST", "/api/v1/follows", uz, `{"type":"commitment","id":"`+missing+`"}`, 404)
		c.json("DELETE", "/api/v1/follows", uz, `{"type":"commitment","id":"`+item+`"}`, 204)
		c.json("POST", "/api/v1/notifications/read", uz, `{}`, 204)

		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", "reja.csv")
		fw.Write([]byte("code,period,priority,country,title.uz\nUZ-2,2025-2026," + prio + ",UZ,Deklaratsiya\n"))
		mw.Close()
		c.send(exchange{method: "POST", path: "/api/v1/roadmap/import", token: uz, contentType: mw.FormDataContentType(), body: body.Bytes(), want: 200})

		for _, path := range []string{"/api/v1/roadmap/periods", "/api/v1/roadmap/priorities?period=2025-2026", "/api/v1/roadmap/overview?period=2025-2026",
			"/api/v1/roadmap/attention", "/api/v1/roadmap/items?period=2025-2026", "/api/v1/roadmap/items/" + item, "/api/v1/roadmap/items/" + item + "/updates",
			"/api/v1/roadmap/reassessments?period=2025-2026", "/api/v1/roadmap/recommendations", "/api/v1/roadmap/recommendations/" + rec,
			"/api/v1/roadmap/export?format=csv", "/api/v1/roadmap/export?format=xlsx&country=KZ", "/api/v1/follows", "/api/v1/notifications"} {
			c.json("GET", path, kz, "", 200)
		}
		c.json("DELETE", "/api/v1/roadmap/recommendations/"+rec, sec, "", 204)
		c.json("DELETE", "/api/v1/roadmap/items/"+item, sec, "", 204)
	}

	// Bilateral meetings.
	{
		conf := id(c.json("POST", "/api/v1/events", sec, bilateralConferenceJSON(), 201))
		base := "/api/v1/events/" + conf + "/bilaterals"
		kzDel := id(c.json("POST", base+"/delegations", sec, `{"kind":"country","country":"KZ","head":"m1","members":[
			{"name":"Айгүл Сейітқызы","position":"Бас прокурордың орынбасары","languages":["kk","ru"],"unavailable":[]},
			{"name":"Ерлан Оспанов","languages":["ru"],"unavailable":[]}]}`, 201))
		uzBody := `{"kind":"country","country":"UZ","head":"m1","members":[{"name":"Dilnoza Karimova","languages":["uz","ru"],"unavailable":[]}]}`
		uzDel := id(c.json("POST", base+"/delegations", uz, uzBody, 201))
		c.json("PUT", base+"/delegations/"+uzDel, uz, strings.Replace(uzBody, `"uz","ru"`, `"uz","ru","en"`, 1), 200, "If-Match", `"v1"`)
		tjDel := id(c.json("POST", base+"/delegations", sec, `{"kind":"country","country":"TJ","head":"m1","members":[{"name":"Фаридун Раҳимов","languages":["tg"],"unavailable":[]}]}`, 201))
		c.json("DELETE", base+"/delegations/"+tjDel, sec, "", 204)
		c.json("PUT", base+"/settings", sec, `{"slotMinutes":30,"breakMinutes":10,"dayStart":"09:00","dayEnd":"12:00",
			"rooms":[{"id":"r1","name":"Зал «Алатау»","capacity":8}],"interpreters":[{"id":"i1","name":"Айгүл Нұрова","pairs":[{"a":"ru","b":"uz"}],"unavailable":[]}]}`, 200)
		rid := id(c.json("POST", base+"/requests", kz, `{"from":"`+kzDel+`","to":"`+uzDel+`","topic":"Asset recovery","areas":["asset_recovery"],
			"uncacArticles":[51],"priority":"high","fromMembers":["m1"],"interpretation":{"a":"ru","b":"uz"}}`, 201))
		c.json("POST", base+"/requests/"+rid+"/answer", uz, `{"action":"accept","toMembers":["m1"]}`, 200)
		// A request with only what it must have: its lists are empty, not
		// null; and one without members, which the document refuses too.
		c.send(exchange{method: "POST", path: base + "/requests", token: kz, body: []byte(`{"from":"` + kzDel + `","to":"` + uzDel + `","topic":"Extradition"}`), want: 400, badRequest: true})
		c.send(exchange{method: "POST", path: base + "/delegations", token: sec, body: []byte(`{"kind":"country","country":"TM"}`), want: 400, badRequest: true})
		bare := id(c.json("POST", base+"/requests", kz, `{"from":"`+kzDel+`","to":"`+uzDel+`","topic":"Mutual legal assistance","fromMembers":["m2"]}`, 201))
		c.json("GET", base+"/requests/"+bare, kz, "", 200)
		c.json("POST", base+"/requests/"+rid+"/lock", sec, `{"locked":false}`, 200)
		version := func() int {
			var s struct{ Version int }
			json.Unmarshal(c.json("GET", base+"/schedule", sec, "", 200), &s)
			return s.Version
		}
		c.json("POST", base+"/schedule/solve", sec, fmt.Sprintf(`{"ifVersion":%d}`, version()), 200)
		c.json("POST", base+"/schedule/publish", sec, fmt.Sprintf(`{"ifVersion":%d}`, version()), 200)
		c.json("POST", base+"/schedule/publish", sec, `{"ifVersion":999}`, 409)
		for _, path := range []string{"/settings", "/windows", "/delegations", "/delegations/" + kzDel, "/delegations/" + kzDel + "/schedule",
			"/delegations/" + kzDel + "/schedule.ics", "/delegations/" + kzDel + "/schedule.pdf", "/requests", "/requests/" + rid, "/schedule"} {
			c.json("GET", base+path, kz, "", 200)
		}
	}

	// Records with only what they must have: the fields the document
	// requires in answers are there all the same, lists empty rather
	// than null.
	{
		doc := id(c.json("POST", "/api/v1/documents", sec, `{"kind":"report","translations":{"en":{"title":"Bare"}}}`, 201))
		c.json("GET", "/api/v1/documents/"+doc, "", "", 200)
		start := time.Now().UTC().Add(40 * 24 * time.Hour).Truncate(time.Hour)
		ev := id(c.json("POST", "/api/v1/events", sec, fmt.Sprintf(`{"kind":"webinar","countries":["TJ"],"start":%q,"end":%q,"translations":{"en":{"title":"Bare webinar"}}}`,
			start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339)), 201))
		c.json("GET", "/api/v1/events/"+ev, "", "", 200)
		c.json("GET", "/api/v1/events/"+ev+"/participants", "", "", 200)
		ex := id(c.json("POST", "/api/v1/experts", sec, `{"nameLatin":"Bare Expert","country":"TJ"}`, 201))
		c.json("GET", "/api/v1/experts/"+ex, sec, "", 200)
		c.json("GET", "/api/v1/experts/"+ex+"/export", sec, "", 200)
		c.json("POST", "/api/v1/roadmap/periods", sec, `{"id":"2029-2030","start":"2029-01-01T00:00:00Z","end":"2030-12-31T00:00:00Z"}`, 200)
		prio := id(c.json("POST", "/api/v1/roadmap/priorities", sec, `{"period":"2029-2030","area":"criminalization","title":{"en":"Bare"}}`, 200))
		item := id(c.json("POST", "/api/v1/roadmap/items", sec, `{"period":"2029-2030","priority":"`+prio+`","title":{"en":"Bare"}}`, 201))
		c.json("GET", "/api/v1/roadmap/items/"+item, "", "", 200)
		c.json("GET", "/api/v1/roadmap/items/"+item+"/updates", "", "", 200)
		rec := id(c.json("POST", "/api/v1/roadmap/recommendations", sec, `{"country":"TJ","source":"uncac2","text":{"en":"Bare"}}`, 201))
		c.json("GET", "/api/v1/roadmap/recommendations/"+rec, "", "", 200)
		c.json("GET", "/api/v1/roadmap/overview?period=2029-2030", "", "", 200)
		c.json("GET", "/api/v1/roadmap/reassessments?period=2029-2030", sec, "", 200)
		c.json("GET", "/api/v1/events/statistics?year=2031", "", "", 200)
		// What the server refuses for lack of a field, the document
		// refuses too: a client that follows it is not surprised.
		for _, x := range []struct{ method, path, body string }{
			{"POST", "/api/v1/documents", `{"kind":"report","translations":{}}`},
			{"POST", "/api/v1/events", fmt.Sprintf(`{"kind":"webinar","countries":[],"start":%q,"end":%q,"translations":{"en":{"title":"No country"}}}`,
				start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339))},
			{"POST", "/api/v1/experts", `{"country":"TJ"}`},
			{"POST", "/api/v1/events/" + ev + "/checkin", `{}`},
			{"POST", "/api/v1/roadmap/priorities", `{"period":"2029-2030","area":"criminalization","title":{}}`},
			{"POST", "/api/v1/roadmap/items", `{"period":"2029-2030","priority":"` + prio + `","title":{}}`},
			{"POST", "/api/v1/roadmap/items/" + item + "/updates", `{}`},
			{"POST", "/api/v1/roadmap/recommendations", `{"country":"TJ","source":"uncac2","text":{}}`},
		} {
			c.send(exchange{method: x.method, path: x.path, token: sec, body: []byte(x.body), want: 400, badRequest: true})
		}
	}

	// Certificates.
	{
		time.Sleep(time.Until(end) + 100*time.Millisecond)
		if status, pdf := do(t, "GET", h.URL+"/en/registrations/"+attendee.ID+"/certificate.pdf?token="+attendee.ManageToken, "", nil); status != 200 {
			t.Fatalf("the certificate: %d %.300s", status, pdf)
		}
		var r struct{ CertificateCode string }
		json.Unmarshal(c.json("GET", "/api/v1/registrations/"+attendee.ID, "", "", 200, "X-Registration-Token", attendee.ManageToken), &r)
		c.json("GET", "/api/v1/certificates/"+r.CertificateCode, "", "", 200)
		c.json("GET", "/api/v1/certificates/ABCDEFGHJKLM", "", "", 404)
	}

	// Every operation of the document was answered with success or is
	// listed as skipped, with its reason; and nothing listed was answered
	// with success after all.
	for _, op := range c.operations() {
		_, skipped := contractSkipped[op]
		switch {
		case c.called[op] && skipped:
			t.Errorf("%s is listed as skipped but was sent: take it off the list", op)
		case !c.called[op] && !skipped:
			t.Errorf("%s is in the document but the contract test neither sends it nor lists it as skipped", op)
		}
	}
	for op := range contractSkipped {
		if !slices.Contains(c.operations(), op) {
			t.Errorf("%s is listed as skipped but is not in the document", op)
		}
	}
	covered := 0
	for _, op := range c.operations() {
		if c.called[op] {
			covered++
		}
	}
	t.Logf("operations: %d answered with success and validated, %d skipped, of %d; %d answers refused without a required field",
		covered, len(contractSkipped), len(c.operations()), c.bitten)
}
