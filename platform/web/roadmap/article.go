package roadmap

import (
	"context"
	"strconv"
	"strings"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
)

// ArticleRecord is a commitment or a recommendation as an UNCAC article's
// page lists it.
type ArticleRecord struct {
	Title, TitleLang, URL, Meta string
}

// articleShown is how many records of each kind an article's page lists;
// the rest are a link away.
const articleShown = 10

// ArticleCommitments lists the roadmap items tagged with an UNCAC article
// that the user in ctx may see, for the article's page (cmd/hub hands it to
// the library's article pages): the section's heading and its items. No
// items, no section (an empty heading).
func ArticleCommitments(ctx context.Context, svc platform.RoadmapService, l *i18n.Localizer, lang string, article int) (string, []ArticleRecord, error) {
	items, total, err := svc.FindItems(ctx, platform.ItemFilter{Article: article, Limit: articleShown})
	if err != nil || total == 0 {
		return "", nil, err
	}
	u := platform.UserFromContext(ctx)
	out := make([]ArticleRecord, 0, len(items))
	for _, it := range items {
		t := pick(it.Title, lang)
		p := it.ProgressFor(u)
		meta := []string{countryName(l, it.Country), it.Period, l.T("roadmap.status." + string(it.Status))}
		if p.Claimed != nil {
			meta = append(meta, l.T("roadmap.claimed_short")+" "+strconv.FormatFloat(*p.Claimed, 'f', -1, 64)+"%")
		}
		if p.Verified != nil {
			meta = append(meta, l.T("roadmap.verified_short")+" "+strconv.FormatFloat(*p.Verified, 'f', -1, 64)+"%")
		}
		out = append(out, ArticleRecord{Title: strings.TrimSpace(it.Code + " " + t.Text), TitleLang: t.Lang,
			URL: "/" + lang + "/roadmap/items/" + it.ID, Meta: strings.Join(meta, " · ")})
	}
	return l.T("roadmap.article.commitments"), out, nil
}

// ArticleRecommendations lists the recommendations tagged with an UNCAC
// article that the user in ctx may see, with the address of the whole list
// when there are more.
func ArticleRecommendations(ctx context.Context, svc platform.RecommendationService, l *i18n.Localizer, lang string, article int) (string, []ArticleRecord, string, error) {
	recs, total, err := svc.FindRecommendations(ctx, platform.RecommendationFilter{Article: article, Limit: articleShown})
	if err != nil || total == 0 {
		return "", nil, "", err
	}
	out := make([]ArticleRecord, 0, len(recs))
	for _, r := range recs {
		t := pick(r.Text, lang)
		text := t.Text
		if len([]rune(text)) > 200 {
			text = string([]rune(text)[:200]) + "…"
		}
		meta := []string{countryName(l, r.Country), l.T("roadmap.source." + string(r.Source)), l.T("roadmap.impl." + string(r.Implementation))}
		out = append(out, ArticleRecord{Title: text, TitleLang: t.Lang, URL: "/" + lang + "/roadmap/recommendations/" + r.ID, Meta: strings.Join(meta, " · ")})
	}
	more := ""
	if total > len(recs) {
		more = "/" + lang + "/roadmap/recommendations?article=" + strconv.Itoa(article)
	}
	return l.T("roadmap.article.recommendations"), out, more, nil
}
