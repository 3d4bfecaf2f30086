package experts

import (
	"context"
	"strconv"
	"strings"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
)

// ArticleExpert is an expert as an UNCAC article's page lists them.
type ArticleExpert struct {
	Name, URL, Meta string
}

// articleExpertsShown is how many experts an article's page lists; the
// rest are a link away.
const articleExpertsShown = 10

// ArticleExperts lists the experts tagged with an UNCAC article whose name
// and articles the user in ctx may see, by name, for the article's page
// (cmd/hub hands it to the library's article pages): the section's
// heading, its experts and the address of the whole list. No experts, no
// section (an empty heading).
func ArticleExperts(ctx context.Context, svc platform.ExpertService, l *i18n.Localizer, lang string, article int) (string, []ArticleExpert, string, error) {
	views, total, err := svc.FindExperts(ctx, platform.ExpertFilter{Articles: []int{article}, Limit: articleExpertsShown})
	if err != nil || total == 0 {
		return "", nil, "", err
	}
	out := make([]ArticleExpert, 0, len(views))
	for _, v := range views {
		c := cardOf(v, l, lang)
		meta := []string{}
		for _, s := range []string{c.Country, c.Organization} {
			if s != "" {
				meta = append(meta, s)
			}
		}
		out = append(out, ArticleExpert{Name: c.Name, URL: "/" + lang + "/experts/" + v.ID, Meta: strings.Join(meta, " · ")})
	}
	more := ""
	if total > len(views) {
		more = "/" + lang + "/experts?article=" + strconv.Itoa(article)
	}
	return l.T("experts.title"), out, more, nil
}
