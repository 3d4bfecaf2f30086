package match_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/match"
)

// profile is an approved profile with the given names (Cyrillic, Latin).
func profile(id, cyrillic, latin string) *platform.Expert {
	return &platform.Expert{ID: id, Status: platform.ExpertApproved,
		ExpertProfile: platform.ExpertProfile{NameCyrillic: cyrillic, NameLatin: latin}}
}

func withContact(e *platform.Expert, email, phone string) *platform.Expert {
	e.Contact = platform.ExpertContact{Email: email, Phone: phone}
	return e
}

func withStatus(e *platform.Expert, s platform.ExpertStatus) *platform.Expert {
	e.Status = s
	return e
}

func TestDuplicates(t *testing.T) {
	name := func(a, b string) platform.DuplicateEvidence {
		return platform.DuplicateEvidence{Kind: match.EvidenceName, A: a, B: b}
	}
	tests := []struct {
		name string
		a, b *platform.Expert
		want []platform.DuplicateEvidence // nil: not a pair
	}{
		{"a Cyrillic name with a patronymic meets the Latin one without it",
			profile("a", "Алиев Рустам Каримович", ""), profile("b", "", "Rustam Aliyev"),
			[]platform.DuplicateEvidence{name("Алиев Рустам Каримович", "Rustam Aliyev")}},
		{"word order does not matter", profile("a", "", "Aliyev Rustam"), profile("b", "", "Rustam Aliev"),
			[]platform.DuplicateEvidence{name("Aliyev Rustam", "Rustam Aliev")}},
		{"ё written e meets ё", profile("a", "Пугачёв Дмитрий", ""), profile("b", "", "Dmitry Pugachev"),
			[]platform.DuplicateEvidence{name("Пугачёв Дмитрий", "Dmitry Pugachev")}},
		{"Kazakh letters meet their Latin and Russian-keyboard spellings", profile("a", "Қодиров Ғайрат", ""), profile("b", "Кодиров Гайрат", "Gayrat Qodirov"),
			[]platform.DuplicateEvidence{name("Қодиров Ғайрат", "Кодиров Гайрат")}},
		{"Uzbek Latin meets a passport spelling", profile("a", "", "Xoʻjayev Jamshid"), profile("b", "Хўжаев Джамшид", "Dzhamshid Khuzhayev"),
			[]platform.DuplicateEvidence{name("Xoʻjayev Jamshid", "Dzhamshid Khuzhayev")}},
		{"an Uzbek patronymic meets the Russian one", profile("a", "Каримов Рустам Алишер ўғли", ""), profile("b", "Каримов Рустам Алишерович", ""),
			[]platform.DuplicateEvidence{name("Каримов Рустам Алишер ўғли", "Каримов Рустам Алишерович")}},
		{"namesakes with different given names are not paired", profile("a", "", "Aliyev Rustam"), profile("b", "", "Aliyev Timur"), nil},
		{"a father's name in a patronymic is no given name", profile("a", "Шакиров Андрей Алексей ўғли", ""), profile("b", "", "Aleksey Shakirov"), nil},
		{"namesakes told apart by their patronymics are not paired though their Latin names are the same",
			profile("a", "Алиев Рустам Каримович", "Rustam Aliyev"), profile("b", "Алиев Рустам Бахтиёрович", "Rustam Aliyev"), nil},
		{"a given name and a patronymic are not enough", profile("a", "Рустам Каримович", ""), profile("b", "Алиев Рустам Каримович", ""), nil},
		{"a given name alone is no evidence", profile("a", "", "Rustam"), profile("b", "", "Rustam"), nil},
		{"initials do not count", profile("a", "", "R. Aliyev"), profile("b", "", "Rustam Aliyev"), nil},
		{"a name the same in both scripts is reported once per script",
			profile("a", "Алиева Гульнара", "Gulnara Aliyeva"), profile("b", "Алиева Гульнара Маратовна", "Gulnara Alieva"),
			[]platform.DuplicateEvidence{name("Алиева Гульнара", "Алиева Гульнара Маратовна"), name("Gulnara Aliyeva", "Gulnara Alieva")}},
		{"a name in one script only is compared with both of the other's",
			profile("a", "Алиева Гульнара", "Gulnara Aliyeva"), profile("b", "", "Alieva Gulnara"),
			[]platform.DuplicateEvidence{name("Gulnara Aliyeva", "Alieva Gulnara")}},
		{"the same email in another case pairs two profiles, each with its spelling",
			withContact(profile("a", "", "Rustam Aliyev"), "r.aliyev@mail.uz", ""), withContact(profile("b", "", "Timur Karimov"), "R.Aliyev@Mail.uz ", ""),
			[]platform.DuplicateEvidence{{Kind: match.EvidenceEmail, A: "r.aliyev@mail.uz", B: "R.Aliyev@Mail.uz "}}},
		{"the same phone with and without the country code",
			withContact(profile("a", "", "Rustam Aliyev"), "", "+998 90 123 45 67"), withContact(profile("b", "", "Timur Karimov"), "", "90 1234567"),
			[]platform.DuplicateEvidence{{Kind: match.EvidencePhone, A: "+998 90 123 45 67", B: "90 1234567"}}},
		{"a Kazakh number with the trunk 8 meets the international one",
			withContact(profile("a", "", "Rustam Aliyev"), "", "+7 (701) 123-45-67"), withContact(profile("b", "", "Timur Karimov"), "", "8 701 123 45 67"),
			[]platform.DuplicateEvidence{{Kind: match.EvidencePhone, A: "+7 (701) 123-45-67", B: "8 701 123 45 67"}}},
		{"numbers differing in the operator code are not paired",
			withContact(profile("a", "", "Rustam Aliyev"), "", "+998 90 123 45 67"), withContact(profile("b", "", "Timur Karimov"), "", "+998 91 123 45 67"), nil},
		{"all the evidence is given, email first, then phone, then name",
			withContact(profile("a", "", "Rustam Aliyev"), "ra@mail.uz", "+998901234567"), withContact(profile("b", "", "Aliev Rustam"), "ra@mail.uz", "901234567"),
			[]platform.DuplicateEvidence{{Kind: match.EvidenceEmail, A: "ra@mail.uz", B: "ra@mail.uz"},
				{Kind: match.EvidencePhone, A: "+998901234567", B: "901234567"}, name("Rustam Aliyev", "Aliev Rustam")}},
		{"a pending profile is compared", profile("a", "", "Rustam Aliyev"),
			withStatus(profile("b", "", "Rustam Aliev"), platform.ExpertPending),
			[]platform.DuplicateEvidence{name("Rustam Aliyev", "Rustam Aliev")}},
		{"a merged profile is left out", profile("a", "", "Rustam Aliyev"),
			withStatus(profile("b", "", "Rustam Aliev"), platform.ExpertMerged), nil},
		{"an erased profile is left out", profile("a", "", "Rustam Aliyev"),
			withStatus(profile("b", "", "Rustam Aliev"), platform.ExpertErased), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, order := range [][]*platform.Expert{{tt.a, tt.b}, {tt.b, tt.a}} {
				got := match.Duplicates(order)
				switch {
				case tt.want == nil && len(got) != 0:
					t.Fatalf("Duplicates = %+v, want none", got)
				case tt.want == nil:
				case len(got) != 1 || got[0].A != "a" || got[0].B != "b" || !reflect.DeepEqual(got[0].Evidence, tt.want):
					t.Fatalf("Duplicates = %+v, want a–b with %+v", got, tt.want)
				}
			}
		})
	}
}

func TestDuplicatesOrderAndRepeats(t *testing.T) {
	pool := []*platform.Expert{
		profile("c", "", "Rustam Aliev"), profile("a", "", "Rustam Aliyev"), profile("b", "Алиев Рустам", ""),
		profile("d", "", "Timur Karimov"), profile("a", "", "Timur Karimov"), nil,
	}
	var got []string
	for _, p := range match.Duplicates(pool) {
		got = append(got, p.A+"–"+p.B)
	}
	if want := []string{"a–b", "a–c", "b–c"}; !slices.Equal(got, want) {
		t.Errorf("pairs %v, want %v (the second profile a is ignored)", got, want)
	}
}

// TestDuplicatesFindsTheTwins checks that every twin planted in the
// benchmark's pool is found, and that most pairs found are twins (the
// others are namesakes the names cannot tell apart).
func TestDuplicatesFindsTheTwins(t *testing.T) {
	for _, seed := range []int64{1, 2, 3} {
		s := match.SyntheticPool(3000, seed)
		found := map[[2]string]bool{}
		pairs := match.Duplicates(s.Experts)
		for _, p := range pairs {
			found[[2]string{p.A, p.B}] = true
		}
		byID := map[string]*platform.Expert{}
		for _, e := range s.Experts {
			byID[e.ID] = e
		}
		for _, tw := range s.Twins {
			if !found[tw] {
				a, b := byID[tw[0]], byID[tw[1]]
				t.Errorf("seed %d: twin not found: %q %q and %q %q", seed, a.NameCyrillic, a.NameLatin, b.NameCyrillic, b.NameLatin)
			}
		}
		if len(s.Twins) != 3000*match.TwinShare/100 || len(pairs) > 2*len(s.Twins) {
			t.Errorf("seed %d: %d twins planted, %d pairs found", seed, len(s.Twins), len(pairs))
		}
	}
}
