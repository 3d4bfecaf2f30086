package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// staleClaim is how old a version claim must be before another writer may
// take it over (the first writer died between claiming and replacing).
const staleClaim = 30 * time.Second

// versionClaim is a record's current state about to be replaced: kept in
// versions under "<id>.<version>", with the record's id in parentKey
// ("docId", "eventId") and its state in "doc".
type versionClaim struct {
	versions, records *mongo.Collection
	parentKey, id     string
	version           int
	// versionField is the record's field that holds version ("version"
	// when empty; a registration's is its "seq").
	versionField string
	state        any
	// conflict is the error a writer that lost the claim gets.
	conflict error
}

// claimVersion keeps a record's current state as a version and, in the
// same step, makes this writer the only one that may replace it: the
// version's _id ("<id>.<version>") is unique, so of several writers that
// read the same version, one inserts it and the others get Conflict. The
// replacement's own {_id, version} filter is not enough on FerretDB v1,
// which does not apply ReplaceOne atomically (concurrent writers holding the
// same version all succeeded). A claim left by a writer that died before
// replacing is taken over once it is stale. Every record type with
// optimistic concurrency (documents, events) claims through here.
func (db *DB) claimVersion(ctx context.Context, c versionClaim) error {
	vid := fmt.Sprintf("%s.%d", c.id, c.version)
	token := bson.NewObjectID().Hex()
	now := db.now()
	_, err := c.versions.InsertOne(ctx, bson.D{
		{Key: "_id", Value: vid}, {Key: c.parentKey, Value: c.id}, {Key: "version", Value: c.version},
		{Key: "doc", Value: c.state}, {Key: "claim", Value: token}, {Key: "claimedAt", Value: now},
	})
	if err == nil {
		return nil
	}
	if !mongo.IsDuplicateKeyError(err) {
		return translate(err)
	}
	var held struct {
		Claim     string    `bson:"claim"`
		ClaimedAt time.Time `bson:"claimedAt"`
	}
	if err := c.versions.FindOne(ctx, bson.D{{Key: "_id", Value: vid}}).Decode(&held); err != nil {
		return translate(err)
	}
	if now.Sub(held.ClaimedAt) < staleClaim {
		return c.conflict
	}
	field := c.versionField
	if field == "" {
		field = "version"
	}
	var cur bson.M
	if err := c.records.FindOne(ctx, bson.D{{Key: "_id", Value: c.id}}).Decode(&cur); err != nil || !sameVersion(cur[field], c.version) {
		return c.conflict
	}
	res, err := c.versions.UpdateOne(ctx, bson.D{{Key: "_id", Value: vid}, {Key: "claim", Value: held.Claim}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "claim", Value: token}, {Key: "claimedAt", Value: now}}}})
	if err != nil {
		return translate(err)
	}
	if res.ModifiedCount == 0 {
		return c.conflict
	}
	return nil
}

// sameVersion reports whether a stored version (an int32 or int64, as the
// driver decodes it) is v.
func sameVersion(stored any, v int) bool {
	switch n := stored.(type) {
	case int32:
		return int(n) == v
	case int64:
		return int(n) == v
	case nil:
		return v == 1 // records stored before versions were counted
	}
	return false
}
