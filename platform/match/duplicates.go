package match

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/search"
)

// Kinds of duplicate evidence (platform.DuplicateEvidence.Kind).
const (
	EvidenceEmail = "email"
	EvidencePhone = "phone"
	EvidenceName  = "name"
)

// phoneTail is how many trailing digits of two phone numbers must agree:
// nine, the national number without the country code in Central Asia, so
// that "+998 90 123 45 67" meets "90 1234567".
const phoneTail = 9

// Duplicates lists the pairs of profiles that look like one person, with
// the evidence: the same email (whatever the case), the same phone (its
// last nine digits, however written), or the same name across scripts and
// transliterations. Merged and erased profiles are left out, pending ones
// are in (an expert may have signed up while the secretariat entered
// them); a second profile with an id seen already is skipped.
//
// Two names are the same when the words of the shorter are all words of
// the longer and two of them at least are not patronymics (a surname and a
// given name), words compared after folding (Cyrillic and Latin spellings
// meet) and in any order: "Алиев Рустам Каримович" meets "Rustam Aliyev"
// but not "Aliyev Timur". Every name of a profile (Cyrillic and Latin) is
// compared with every name of the other; when two of them conflict (the
// same surname and given name, different patronymics: "Aliyev Rustam
// Karimovich" and "Aliyev Rustam Bakhtiyorovich"), the two are namesakes
// and their names are no evidence, even if their Latin names, written
// without patronymics, are the same. Initials do not count; patronymics in
// either style ("Karimovich", "Karim oʻgʻli") are one word.
//
// The work is linear in the pool: profiles are bucketed by email, phone
// and each pair of name words, and only profiles sharing a bucket are
// compared. Pairs are ordered by A then B, with A < B; evidence by kind
// (email, phone, name).
func Duplicates(experts []*platform.Expert) []platform.DuplicatePair {
	live := make([]*platform.Expert, 0, len(experts))
	seen := make(map[string]bool, len(experts))
	for _, e := range experts {
		if e == nil || e.Status == platform.ExpertMerged || e.Status == platform.ExpertErased || seen[e.ID] {
			continue
		}
		seen[e.ID] = true
		live = append(live, e)
	}
	slices.SortFunc(live, func(a, b *platform.Expert) int { return strings.Compare(a.ID, b.ID) })

	found := map[[2]int32]*evidence{}
	get := func(i, j int32) *evidence {
		if i > j {
			i, j = j, i
		}
		ev := found[[2]int32{i, j}]
		if ev == nil {
			ev = &evidence{}
			found[[2]int32{i, j}] = ev
		}
		return ev
	}

	emails := map[string][]int32{}
	phones := map[string][]int32{}
	names := map[string][]nameRef{}
	words := make([][2][]string, len(live))
	for i, e := range live {
		if k := strings.ToLower(strings.TrimSpace(e.Contact.Email)); k != "" {
			emails[k] = append(emails[k], int32(i))
		}
		if k := phoneKey(e.Contact.Phone); k != "" {
			phones[k] = append(phones[k], int32(i))
		}
		for slot, n := range [2]string{e.NameCyrillic, e.NameLatin} {
			w := nameWords(n)
			words[i][slot] = w
			for _, k := range pairKeys(w) {
				names[k] = append(names[k], nameRef{int32(i), uint8(slot)})
			}
		}
	}
	for _, ids := range emails {
		eachPair(ids, func(i, j int32) { get(i, j).email = true })
	}
	for _, ids := range phones {
		eachPair(ids, func(i, j int32) { get(i, j).phone = true })
	}
	for _, refs := range names {
		for x, r := range refs {
			for _, q := range refs[x+1:] {
				a, b := r, q
				switch {
				case a.expert == b.expert:
					continue
				case a.expert > b.expert:
					a, b = b, a
				}
				ev := get(a.expert, b.expert)
				if !ev.checked[a.slot][b.slot] {
					ev.checked[a.slot][b.slot] = true
					ev.names[a.slot][b.slot] = relate(words[a.expert][a.slot], words[b.expert][b.slot])
				}
			}
		}
	}

	var out []platform.DuplicatePair
	for k, ev := range found {
		a, b := live[k[0]], live[k[1]]
		if p := ev.pair(a, b); p != nil {
			out = append(out, *p)
		}
	}
	slices.SortFunc(out, func(x, y platform.DuplicatePair) int {
		return cmp.Or(strings.Compare(x.A, y.A), strings.Compare(x.B, y.B))
	})
	return out
}

// nameRef is one name of one profile: the profile's index and the slot
// (0 Cyrillic, 1 Latin).
type nameRef struct {
	expert int32
	slot   uint8
}

// evidence gathers what two profiles share. names[s][t] is how the first
// profile's name in slot s relates to the second's in slot t; checked
// records the comparisons made, since two names meet in as many buckets as
// they share pairs of words.
type evidence struct {
	email, phone bool
	names        [2][2]int
	checked      [2][2]bool
}

// pair is the duplicate pair of a and b, or nil when they share nothing.
// Names are reported once each: the same script first, then across. Names
// that conflict in one script outweigh names that are the same in another
// (Latin names written without the patronymics that tell two namesakes
// apart): then the names are no evidence.
func (ev *evidence) pair(a, b *platform.Expert) *platform.DuplicatePair {
	p := platform.DuplicatePair{A: a.ID, B: b.ID}
	if ev.email {
		p.Evidence = append(p.Evidence, platform.DuplicateEvidence{Kind: EvidenceEmail, A: a.Contact.Email, B: b.Contact.Email})
	}
	if ev.phone {
		p.Evidence = append(p.Evidence, platform.DuplicateEvidence{Kind: EvidencePhone, A: a.Contact.Phone, B: b.Contact.Phone})
	}
	an, bn := [2]string{a.NameCyrillic, a.NameLatin}, [2]string{b.NameCyrillic, b.NameLatin}
	var usedA, usedB [2]bool
	use := func(s, t int) {
		usedA[s], usedB[t] = true, true
		p.Evidence = append(p.Evidence, platform.DuplicateEvidence{Kind: EvidenceName, A: an[s], B: bn[t]})
	}
	conflict := slices.ContainsFunc(ev.names[:], func(row [2]int) bool { return slices.Contains(row[:], conflicting) })
	for s := range 2 {
		if !conflict && ev.names[s][s] == same {
			use(s, s)
		}
	}
	for s := range 2 {
		if !conflict && !usedA[s] && !usedB[1-s] && ev.names[s][1-s] == same {
			use(s, 1-s)
		}
	}
	if len(p.Evidence) == 0 {
		return nil
	}
	return &p
}

// eachPair calls f for every pair of distinct profiles among ids.
func eachPair(ids []int32, f func(i, j int32)) {
	for x, i := range ids {
		for _, j := range ids[x+1:] {
			if i != j {
				f(i, j)
			}
		}
	}
}

// phoneKey is the part of a phone number two spellings of it share: its
// last nine digits, or all of a shorter number's.
func phoneKey(phone string) string {
	d := platform.PhoneDigits(phone)
	if len(d) > phoneTail {
		d = d[len(d)-phoneTail:]
	}
	return d
}

// nameKey folds a person's name, or a word of it, so that its spellings in
// the hub's scripts and the usual transliterations meet (search.FoldName:
// Aliyev, Aliev and Алиев; Pugachyov and Пугачёв; Dmitriy and Dmitry).
func nameKey(name string) string { return search.FoldName(name) }

// particles are the folded Turkic patronymic particles ("son of",
// "daughter of"), written after the father's name: "Karim oʻgʻli".
var particles = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range []string{"ўғли", "oʻgʻli", "ugli", "қизи", "qizi", "кызы", "kyzy", "ұлы", "uly", "улы", "уулу", "uulu", "қызы", "qyzy"} {
		m[nameKey(p)] = true
	}
	return m
}()

// patronymicSuffixes are the endings of Russian-style patronymics
// (Каримович, Karimovna, Дмитриевич, Ильинична), in lower case. They are
// found on the word as written, since folding changes them (FoldName
// writes o as u).
var patronymicSuffixes = []string{"ович", "евич", "овна", "евна", "ична", "ovich", "evich", "ovna", "evna", "ichna", "ovitch", "evitch"}

// patronymicMark starts a word that is a patronymic, so that it meets only
// a patronymic, never a given name.
const patronymicMark = "="

// nameWords are the words of a name, folded (nameKey), sorted and without
// repeats. Initials (single letters) are dropped. A patronymic, in either
// style ("Karimovich", "Karim oʻgʻli"), becomes one word: the father's
// name, folded and stripped of its last vowels, after patronymicMark, so
// that "Каримович" meets "Karim ugli" and "Дмитриевич" meets "Dmitriy
// oʻgʻli".
func nameWords(name string) []string {
	if name == "" {
		return nil
	}
	var out []string
	for _, sp := range search.Segment(name) {
		raw := strings.ToLower(name[sp.Start:sp.End])
		w := nameKey(raw)
		switch {
		case particles[w]:
			if n := len(out); n > 0 && !strings.HasPrefix(out[n-1], patronymicMark) {
				out[n-1] = patronymic(out[n-1])
			}
			continue
		case utf8.RuneCountInString(w) < 2:
			continue
		}
		for _, suf := range patronymicSuffixes {
			if stem, ok := strings.CutSuffix(raw, suf); ok && utf8.RuneCountInString(stem) >= 2 {
				w = patronymic(nameKey(stem))
				break
			}
		}
		out = append(out, w)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// patronymic is the word for a patronymic from the father's name (or the
// stem a Russian patronymic leaves): without a final vowel, which the two
// styles write differently (Dmitri-evich, Dmitrii ugli).
func patronymic(father string) string {
	return patronymicMark + strings.TrimRight(father, "aeiou")
}

// pairKeys are the buckets a name goes into: every pair of its words but
// patronymics. Two names that are the same share at least one, and so do
// two that conflict (see relate).
func pairKeys(words []string) []string {
	var keys []string
	for x, a := range words {
		if strings.HasPrefix(a, patronymicMark) {
			continue
		}
		for _, b := range words[x+1:] {
			if !strings.HasPrefix(b, patronymicMark) {
				keys = append(keys, a+" "+b)
			}
		}
	}
	return keys
}

// How two names relate.
const (
	unrelated = iota
	// same: the words of the shorter are all words of the longer, and two
	// of them at least are not patronymics (a surname and a given name).
	same
	// conflicting: the names share two words but each has a word the
	// other lacks (Aliyev Rustam Karimovich, Aliyev Rustam Bakhtiyorovich):
	// two people with the same surname and given name.
	conflicting
)

// relate tells how two names (their nameWords) relate.
func relate(a, b []string) int {
	if len(a) > len(b) {
		a, b = b, a
	}
	shared, named := 0, 0
	for _, w := range a {
		if _, ok := slices.BinarySearch(b, w); ok {
			shared++
			if !strings.HasPrefix(w, patronymicMark) {
				named++
			}
		}
	}
	switch {
	case shared == len(a) && named >= 2:
		return same
	case named >= 2:
		return conflicting
	}
	return unrelated
}
