package mongo

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/search"
)

// A conference has one delegation per country (and per organization's
// name), and one live request per pair of delegations and topic. The
// mirror's look answers the usual case with a clear message; two writers
// at once both pass it, so the last word is a unique insert of the key
// ("key:…" in the versions collection of the record type), held by the
// record's id. A key whose holder no longer has it (a delegation deleted,
// a request declined, withdrawn or expired) is taken over; a key younger
// than staleClaim is never taken over, as its holder may be a write in
// progress.

// delegationKey is the unique key of a delegation at its conference.
func delegationKey(eventID string, kind platform.DelegationKind, country, name string) string {
	if kind == platform.DelegationCountry {
		return "key:" + eventID + ":country:" + country
	}
	return "key:" + eventID + ":org:" + search.Fold(name)
}

// requestKey is the unique key of a live request at its conference.
func requestKey(eventID, from, to, topic string) string {
	a, b := min(from, to), max(from, to)
	return "key:" + eventID + ":" + a + ":" + b + ":" + search.Fold(topic)
}

// claimKey inserts key into coll held by holder, and reports whether the
// caller holds it now; live tells whether a holder still has the key, and
// whether it knows (a holder not in the mirror may be a write in
// progress: its key is taken over once stale).
func (s *BilateralService) claimKey(ctx context.Context, coll, key, holder string, live func(holder string) (held, known bool)) (bool, error) {
	c := s.coll(coll)
	now := s.db.now()
	doc := bson.D{{Key: "_id", Value: key}, {Key: "holder", Value: holder}, {Key: "at", Value: now}}
	_, err := c.InsertOne(ctx, doc)
	if err == nil {
		return true, nil
	}
	if !mongo.IsDuplicateKeyError(err) {
		return false, translate(err)
	}
	var held struct {
		Holder string    `bson:"holder"`
		At     time.Time `bson:"at"`
	}
	if err := c.FindOne(ctx, byID(key)).Decode(&held); err != nil {
		if errors.Is(err, mongo.ErrNoDocuments) {
			return false, nil // released meanwhile: the caller may try again
		}
		return false, translate(err)
	}
	if held.Holder == holder {
		return true, nil
	}
	if has, known := live(held.Holder); has || !known && now.Sub(held.At) < staleClaim {
		return false, nil
	}
	res, err := c.DeleteOne(ctx, bson.D{{Key: "_id", Value: key}, {Key: "holder", Value: held.Holder}, {Key: "at", Value: held.At}})
	if err != nil {
		return false, translate(err)
	}
	if res.DeletedCount == 0 {
		return false, nil
	}
	if _, err := c.InsertOne(ctx, doc); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return false, nil
		}
		return false, translate(err)
	}
	return true, nil
}

// releaseKey gives a key back (its record was not written, or is gone).
// A key left behind is taken over later: a failure here is harmless.
func (s *BilateralService) releaseKey(ctx context.Context, coll, key, holder string) {
	_, _ = s.coll(coll).DeleteOne(context.WithoutCancel(ctx), bson.D{{Key: "_id", Value: key}, {Key: "holder", Value: holder}})
}

// delegationHolds reports whether delegation id still has key.
func (s *BilateralService) delegationHolds(ctx context.Context, key string) func(string) (bool, bool) {
	return func(id string) (held, known bool) {
		held = true // when the mirror cannot answer, keep the key
		_ = s.db.mirror().view(ctx, func(m *mirror) {
			d := m.roadmap.bilateral.delegations.rows[id]
			known = d != nil
			held = known && delegationKey(d.EventID, d.Kind, d.Country, d.Name) == key
		})
		return held, known
	}
}

// requestHolds reports whether request id is still live with key.
func (s *BilateralService) requestHolds(ctx context.Context, c *conference, key string) func(string) (bool, bool) {
	return func(id string) (held, known bool) {
		held = true
		_ = s.db.mirror().view(ctx, func(m *mirror) {
			r := m.roadmap.bilateral.requests.rows[id]
			known = r != nil
			if !known {
				held = false
				return
			}
			st := r.EffectiveStatus(c.now, c.deadline())
			held = (st == platform.MeetingPending || st == platform.MeetingAccepted) && requestKey(r.EventID, r.From, r.To, r.Topic) == key
		})
		return held, known
	}
}
