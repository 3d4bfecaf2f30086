package match

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
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
// the longer and are at least two (surname and given name), words compared
// after folding (Cyrillic and Latin spellings meet) and in any order, so
// "Алиев Рустам Каримович" meets "Rustam Aliyev" but not "Aliyev Timur",
// and "Aliyev Rustam Karimovich" does not meet "Aliyev Rustam
// Bakhtiyorovich". Initials and the Turkic patronymic particles (ugli,
// qizi, uly, uulu) do not count towards the two. Every name of a profile
// (Cyrillic and Latin) is compared with every name of the other.
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
		for x, a := range refs {
			for _, b := range refs[x+1:] {
				if a.expert == b.expert {
					continue
				}
				if a.expert > b.expert {
					a, b = b, a
				}
				ev := get(a.expert, b.expert)
				if !ev.checked[a.slot][b.slot] {
					ev.checked[a.slot][b.slot] = true
					ev.names[a.slot][b.slot] = sameName(words[a.expert][a.slot], words[b.expert][b.slot])
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

// evidence gathers what two profiles share. names[s][t] is set when the
// first profile's name in slot s is the same as the second's in slot t;
// checked records the comparisons made, since two names meet in as many
// buckets as they share pairs of words.
type evidence struct {
	email, phone bool
	names        [2][2]bool
	checked      [2][2]bool
}

// pair is the duplicate pair of a and b, or nil when they share nothing.
// Names are reported once each: the same script first, then across.
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
	for s := range 2 {
		if ev.names[s][s] {
			use(s, s)
		}
	}
	for s := range 2 {
		if !usedA[s] && !usedB[1-s] && ev.names[s][1-s] {
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

// nameKey folds a person's name so that its spellings in the hub's
// scripts and the usual transliterations meet, word by word.
//
// Until search.FoldName lands, it is search.Fold with the variants Fold
// leaves apart that names need most: doubled letters (Aliyev/Aliev folds
// to "aliiev"/"aliev", Abdullayev/Abdulayev), ё written yo or e
// (Pugachyov/Pugachev), dzh/j (Dzhamshid/Jamshid) and gh for ғ.
// TODO: search.FoldName(name) once the names branch is merged.
func nameKey(name string) string {
	f := search.Fold(name)
	b := make([]rune, 0, len(f))
	for _, r := range f {
		if n := len(b); n > 0 && b[n-1] == r && unicode.IsLetter(r) {
			continue
		}
		b = append(b, r)
	}
	return nameVariants.Replace(string(b))
}

var nameVariants = strings.NewReplacer("io", "e", "dj", "j", "gh", "g")

// particles are the folded Turkic patronymic particles ("son of",
// "daughter of"): words of a name that say nothing of who it is.
var particles = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range []string{"ўғли", "o‘g‘li", "ugli", "қизи", "qizi", "кызы", "kyzy", "ұлы", "uly", "уулу", "uulu", "қызы", "qyzy"} {
		m[nameKey(p)] = true
	}
	return m
}()

// nameWords are the folded words of a name, sorted and without repeats;
// initials (single letters) are dropped.
func nameWords(name string) []string {
	if name == "" {
		return nil
	}
	words := strings.FieldsFunc(nameKey(name), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) })
	words = slices.DeleteFunc(words, func(w string) bool { return utf8.RuneCountInString(w) < 2 })
	slices.Sort(words)
	return slices.Compact(words)
}

// pairKeys are the buckets a name goes into: every pair of its words but
// particles. Two names that are the same share at least one.
func pairKeys(words []string) []string {
	var keys []string
	for x, a := range words {
		if particles[a] {
			continue
		}
		for _, b := range words[x+1:] {
			if !particles[b] {
				keys = append(keys, a+" "+b)
			}
		}
	}
	return keys
}

// sameName reports whether two names (their nameWords) are one person's:
// the shorter's words are all in the longer, and two of them at least are
// not particles.
func sameName(a, b []string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	n := 0
	for _, w := range a {
		if _, ok := slices.BinarySearch(b, w); !ok {
			return false
		}
		if !particles[w] {
			n++
		}
	}
	return n >= 2
}
