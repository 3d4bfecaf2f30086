package mongo_test

import (
	"context"
	"slices"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// The permission matrix's rows for recommendations (the rules of every
// record: the secretariat and the country's focal point write, a reader
// sees by visibility) and for follows (a signed-in user follows what they
// may see, and reads their own follows and notifications).

// matrixArticle gives each recommendation of the matrix an article of its
// own (cycling through the Convention's): identical texts under one
// article are all duplicates of each other, and every write would rewrite
// every one of them.
var matrixArticle = 4

func nextArticle() []int {
	matrixArticle = matrixArticle%71 + 1
	return []int{matrixArticle}
}

func recommendationCells(t *testing.T, env *matrixEnv, a matrixActor) []matrixCell {
	recs := mongo.NewRecommendationService(env.db)
	var cells []matrixCell
	for _, own := range []bool{true, false} {
		c := countries(own)
		for _, vis := range platform.Visibilities() {
			input := func(vis string) platform.RecommendationInput {
				return platform.RecommendationInput{Country: c, Source: platform.SourceUNCAC2, Reference: "para. " + a.name,
					Articles: nextArticle(), Text: platform.Text{"en": "Ensure the independence of the specialised anti-corruption body."}, Visibility: vis}
			}
			fresh := func() *platform.Recommendation {
				r, err := recs.CreateRecommendation(system(), input(vis))
				if err != nil {
					t.Fatal(err)
				}
				return r
			}
			unchanged := func(r *platform.Recommendation) func(t *testing.T) {
				return func(t *testing.T) {
					got, err := recs.Recommendation(system(), r.ID)
					if err != nil || got.Text["en"] != r.Text["en"] || got.Visibility != r.Visibility || got.Country != r.Country {
						t.Fatalf("a refused write changed the recommendation: %v %+v", err, got)
					}
				}
			}
			update := func(r *platform.Recommendation, vis string) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					in := input(vis)
					in.Text = platform.Text{"en": "Changed by " + a.name}
					_, err := recs.UpdateRecommendation(ctx, r.ID, in)
					return err
				}
			}
			read, upd, hide, del := fresh(), fresh(), fresh(), fresh()
			cells = append(cells,
				matrixCell{action: "read", visibility: vis, own: own, do: func(ctx context.Context) error {
					_, err := recs.Recommendation(ctx, read.ID)
					return err
				}},
				matrixCell{action: "list", visibility: vis, own: own, do: func(ctx context.Context) error {
					list, _, err := recs.FindRecommendations(ctx, platform.RecommendationFilter{Countries: []string{c}, Limit: 500})
					if err != nil {
						return err
					}
					if !slices.ContainsFunc(list, func(x *platform.Recommendation) bool { return x.ID == read.ID }) {
						return platform.Errorf(platform.NotFound, "not listed")
					}
					return nil
				}},
				matrixCell{action: "create", visibility: vis, own: own, do: func(ctx context.Context) error {
					_, err := recs.CreateRecommendation(ctx, input(vis))
					return err
				}},
				matrixCell{action: "update", visibility: vis, own: own, unchanged: unchanged(upd), do: update(upd, vis)},
				matrixCell{action: "make secretariat-only", visibility: vis, own: own, unchanged: unchanged(hide), do: update(hide, platform.Secretariat)},
				matrixCell{action: "delete", visibility: vis, own: own, unchanged: unchanged(del), do: func(ctx context.Context) error {
					return recs.DeleteRecommendation(ctx, del.ID)
				}},
			)
		}
	}
	return cells
}

func followCells(t *testing.T, env *matrixEnv, a matrixActor) []matrixCell {
	recs := mongo.NewRecommendationService(env.db)
	follows := mongo.NewFollowService(env.db)
	var cells []matrixCell
	for _, own := range []bool{true, false} {
		c := countries(own)
		for _, vis := range platform.Visibilities() {
			r, err := recs.CreateRecommendation(system(), platform.RecommendationInput{Country: c, Source: platform.SourceGRECO, Articles: nextArticle(),
				Text: platform.Text{"en": "Introduce asset declarations for judges."}, Visibility: vis})
			if err != nil {
				t.Fatal(err)
			}
			item := commitment(t, env.db, c, vis, platform.Text{"en": "Declarations of judges"})
			cells = append(cells,
				matrixCell{action: "follow", visibility: vis, own: own, do: func(ctx context.Context) error {
					return follows.Follow(ctx, platform.FollowTarget{Type: platform.TypeRecommendation, ID: r.ID})
				}},
				matrixCell{action: "follow", visibility: vis, own: own, do: func(ctx context.Context) error {
					return follows.Follow(ctx, platform.FollowTarget{Type: platform.TypeCommitment, ID: item})
				}},
			)
		}
		cells = append(cells, matrixCell{action: "follow a country", own: own, do: func(ctx context.Context) error {
			return follows.Follow(ctx, platform.FollowTarget{Type: platform.FollowCountry, ID: c})
		}})
	}
	cells = append(cells,
		matrixCell{action: "list own follows", own: true, do: func(ctx context.Context) error {
			_, err := follows.Following(ctx)
			return err
		}},
		matrixCell{action: "read own notifications", own: true, do: func(ctx context.Context) error {
			_, _, err := follows.Notifications(ctx, 0, 0)
			return err
		}},
		matrixCell{action: "mark own notifications read", own: true, do: func(ctx context.Context) error {
			return follows.MarkRead(ctx, nil)
		}},
	)
	return cells
}
