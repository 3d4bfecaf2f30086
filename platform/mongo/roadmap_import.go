package mongo

import (
	"context"
	"strings"
	"time"

	"github.com/ca-uncac/hub/platform"
)

// importBatch is how many items one commit of an import writes: one
// request of each kind (numbers, items, change log, audit) per batch. It
// is large because replacing items on the embedded FerretDB reads the
// whole collection once per request (see replaceMany): a file of 5,000
// changed rows onto 10,000 items took 13.5 s in batches of 1,000, most of
// it reading the collection five times.
const importBatch = 5000

// importIndex finds items by code and by title while an import lays its
// rows over the mirror: built once from the mirror, kept current as rows
// are applied.
type importIndex struct {
	t *tree
	// codes lists the ids holding each code (in any period or country).
	codes map[string][]string
	// titles maps period|country|parent|lang|title to an id.
	titles map[string]string
}

func newImportIndex(t *tree) *importIndex {
	x := &importIndex{t: t, codes: map[string][]string{}, titles: map[string]string{}}
	for _, it := range t.m.items {
		x.add(it)
	}
	return x
}

func titleKey(it *platform.ItemInput, lang, title string) string {
	return it.Period + "|" + it.Country + "|" + it.Parent + "|" + lang + "|" + title
}

func (x *importIndex) add(it *platform.RoadmapItem) {
	if it.Code != "" {
		x.codes[it.Code] = append(x.codes[it.Code], it.ID)
	}
	for l, s := range it.Title {
		x.titles[titleKey(&it.ItemInput, l, s)] = it.ID
	}
}

func (x *importIndex) drop(it *platform.RoadmapItem) {
	if it.Code != "" {
		ids := x.codes[it.Code]
		for i, id := range ids {
			if id == it.ID {
				x.codes[it.Code] = append(ids[:i:i], ids[i+1:]...)
				break
			}
		}
	}
	for l, s := range it.Title {
		if k := titleKey(&it.ItemInput, l, s); x.titles[k] == it.ID {
			delete(x.titles, k)
		}
	}
}

// byCode lists the items of a code, in period and country when they are
// given (country "" matches any).
func (x *importIndex) byCode(code, period, country string, anyCountry bool) []string {
	var out []string
	for _, id := range x.codes[code] {
		it := x.t.get(id)
		if it == nil || it.Code != code || period != "" && it.Period != period || !anyCountry && it.Country != country {
			continue
		}
		out = append(out, id)
	}
	return out
}

// owner is the index's codeOwner.
func (x *importIndex) owner(period, country, code string) string {
	if ids := x.byCode(code, period, country, false); len(ids) > 0 {
		return ids[0]
	}
	return ""
}

// ImportItems implements platform.RoadmapService.
//
// Each row is matched, in this order, by its id; else by its code in its
// period and country; else by a title equal (in a language the row gives)
// to an item's under the same period, country and parent. A matched row
// updates that item unless it equals it (unchanged: nothing written, so a
// file imported twice changes nothing the second time); an unmatched one
// creates an item. A parent is named by id or code, a row's earlier in
// the file included (rows are applied in order over what is stored). Every
// row is checked as CreateItem and UpdateItem check; a row's problem names
// its row and column (platform.ProblemOf), and a row of a country the user
// may not edit is a Forbidden problem of that row (message id
// "roadmap.error.forbidden_row"), not a refusal of the import. Rows whose
// parent is a rejected row are rejected too.
//
// Nothing is written on a dry run, nor when a row is rejected unless
// opts.WriteValid. The roll-ups are computed once for the whole file, over
// the rows and what is stored, then the items are written in batches of
// importBatch through the write path (one commit each, each item audited;
// a conflict with another writer stops the import with what was written
// so far kept). opts.Progress is told of the rows checked (of all rows),
// then of the items written (of those to write); it is called while the
// roadmap is locked and must not call the service.
func (s *RoadmapService) ImportItems(ctx context.Context, rows []platform.ItemRow, opts platform.ImportOptions) (_ *platform.ImportReport, err error) {
	defer platform.Wrap(&err, "ImportItems(%d)", len(rows))
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, signInRequired()
	}
	if len(rows) > platform.MaxImportRows {
		return nil, badField("rows", len(rows), "at most %d rows", platform.MaxImportRows)
	}
	if !platform.CanCreate(u) {
		return nil, s.db.denied(ctx, platform.TypeCommitment, "", nil, roadmapForbidden(u, "import roadmap items"))
	}
	now := s.db.now()
	rep := &platform.ImportReport{Rows: make([]platform.ImportRowResult, 0, len(rows)), Problems: []platform.ImportProblem{}}
	var t *tree
	var ws []itemWrite
	created := map[string]bool{}
	var changed []string
	var stale []updateChange
	err = s.db.mirror().view(ctx, func(m *mirror) {
		t = newTree(m)
		x := newImportIndex(t)
		var touched []string
		for i, row := range rows {
			if opts.Progress != nil && i%100 == 0 {
				opts.Progress(i, len(rows))
			}
			res, moved, err := importRow(t, x, u, row, now)
			if err != nil {
				rep.Problems = append(rep.Problems, rowProblem(row.Row, err))
				rep.Rows = append(rep.Rows, platform.ImportRowResult{Row: row.Row, Outcome: platform.OutcomeRejected})
				rep.Rejected++
				continue
			}
			rep.Rows = append(rep.Rows, res)
			switch res.Outcome {
			case platform.OutcomeCreated:
				rep.Created++
				created[res.ID] = true
			case platform.OutcomeChanged:
				rep.Changed++
				changed = append(changed, res.ID)
			case platform.OutcomeUnchanged:
				rep.Unchanged++
				continue
			}
			touched = append(touched, res.ID, moved)
		}
		if opts.Progress != nil {
			opts.Progress(len(rows), len(rows))
		}
		t.settle(touched...)
		ws = t.writes()
		stale = t.staleUpdates(changed, now)
	})
	if err != nil {
		return nil, err
	}
	write := !opts.DryRun && (rep.Rejected == 0 || opts.WriteValid) && len(ws) > 0
	if !write {
		for i := range rep.Rows {
			if created[rep.Rows[i].ID] {
				rep.Rows[i].ID = "" // not created
			}
		}
		return rep, nil
	}
	for lo := 0; lo < len(ws); lo += importBatch {
		batch := ws[lo:min(lo+importBatch, len(ws))]
		if err := s.writeTree(ctx, t, batch); err != nil {
			return nil, err
		}
		if opts.Progress != nil {
			opts.Progress(lo+len(batch), len(ws))
		}
	}
	if len(stale) > 0 {
		extra, err := s.syncUpdates(ctx, stale)
		if err != nil {
			return nil, err
		}
		if err := s.commitItems(ctx, t, nil, extra...); err != nil {
			return nil, err
		}
	}
	rep.Written = true
	return rep, nil
}

// rowProblem is a row's problem: a refusal for its country names the
// column "country" and says so in the reader's language.
func rowProblem(row int, err error) platform.ImportProblem {
	if platform.ErrorCode(err) == platform.Forbidden {
		p := platform.ImportProblem{Row: row, Column: "country", MessageID: "roadmap.error.forbidden_row", Message: err.Error()}
		if e := platform.AsError(err); e != nil {
			p.Message = e.Message
		}
		return p
	}
	return platform.ProblemOf(row, err)
}

// importRow applies one row to the tree (the mirror locked): its outcome,
// the old parent of an item it moved, or the problem.
func importRow(t *tree, x *importIndex, u *platform.User, row platform.ItemRow, now time.Time) (platform.ImportRowResult, string, error) {
	tier := platform.Tier(u)
	in := row.ItemInput
	res := platform.ImportRowResult{Row: row.Row}
	var old *platform.RoadmapItem
	if row.ID != "" {
		old = t.get(row.ID)
		if old == nil || t.m.items[row.ID] != nil && !t.m.seenBy(tier, old) {
			return res, "", badField("id", row.ID, "no item %q", row.ID)
		}
		if in.Period == "" {
			in.Period = old.Period
		}
	}
	if ref := strings.TrimSpace(row.ParentRef); ref != "" {
		switch p := t.get(ref); {
		case p != nil && (t.m.items[ref] == nil || t.m.seenBy(tier, p)):
			in.Parent = ref
		default:
			ids := x.byCode(ref, in.Period, in.Country, in.Country == "")
			if len(ids) != 1 {
				return res, "", badField("parent", ref, "no item of code or id %q", ref)
			}
			in.Parent = ids[0]
		}
	}
	normalizeItem(&in)
	if err := inherit(t, tier, &in); err != nil {
		return res, "", err
	}
	if old == nil && in.Code != "" {
		if id := x.owner(in.Period, in.Country, in.Code); id != "" {
			old = t.get(id)
		}
	}
	if old == nil {
		for l, title := range in.Title {
			if id := x.titles[titleKey(&in, l, title)]; id != "" {
				old = t.get(id)
				// A row found by its title and given no code keeps the
				// item's: it did not name the item by it, so an empty
				// cell says nothing about it.
				if old != nil && in.Code == "" {
					in.Code = old.Code
				}
				break
			}
		}
	}
	id := ""
	if old != nil {
		id = old.ID
	}
	if err := checkItemWrite(t, u, id, old, &in, x.owner); err != nil {
		return res, "", err
	}
	if old == nil {
		it := newItem(in, u, now)
		t.put(it)
		t.actions[it.ID], t.primary[it.ID], t.notes[it.ID] = platform.ActionCreate, true, "import"
		x.add(it)
		res.ID, res.Outcome = it.ID, platform.OutcomeCreated
		return res, "", nil
	}
	res.ID = old.ID
	// A spreadsheet holds neither indicators nor the carried-from link
	// (platform/sheet): a row keeps the item's own, or an export edited
	// and imported again would lose them.
	in.Indicators, in.CarriedFrom = old.Indicators, old.CarriedFrom
	if sameInput(old.ItemInput, in) {
		res.Outcome = platform.OutcomeUnchanged
		return res, "", nil
	}
	next := cloneItem(old)
	next.ItemInput = in
	next.UpdatedAt = now
	if stored := t.m.items[old.ID]; stored != nil {
		next.Version = stored.Version + 1
		t.actions[old.ID], t.notes[old.ID] = platform.ActionUpdate, "import"
	}
	t.primary[old.ID] = true
	x.drop(old)
	t.put(next)
	x.add(next)
	t.cascadePriority(old.ID, now)
	res.Outcome = platform.OutcomeChanged
	return res, old.Parent, nil
}
