package mongo

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/ca-uncac/hub/platform"
)

// cellSum gathers a matrix cell: its top-level commitments' progress and
// its counts.
type cellSum struct {
	top              []platform.ChildProgress
	delayed, stalled int
}

func (c *cellSum) cell(country, area string) platform.MatrixCell {
	return platform.MatrixCell{Country: country, Area: area, Progress: platform.RollUp(c.top), Items: len(c.top),
		Delayed: c.delayed, Stalled: c.stalled}
}

// Overview implements platform.RoadmapService, from the mirror and the
// roll-ups kept on the items, for the reader's tier (platform.Tier): only
// the items the reader sees count, and each top-level commitment counts
// with its roll-up for that tier, so an item hidden from the reader changes
// nothing of what they get.
//
// Rows are the five countries then platform.RegionalKey, columns the four
// areas (the area of the item's priority). A cell's Progress is
// platform.RollUp over its visible commitments (their roll-up, weight and
// status), Items their number; Delayed and Stalled count the visible items
// of any depth of the cell delayed or stalled now (the period's stall
// limit). Countries, Areas and Total are the same over a row, a column,
// everything. Statuses counts the visible items by status, Claims the
// visible updates' claims by state. Recs is left to the caller.
func (s *RoadmapService) Overview(ctx context.Context, period string) (*platform.Overview, error) {
	p, err := s.period(ctx, period, "period")
	if err != nil {
		return nil, err
	}
	tier := tierOf(ctx)
	now := s.db.now()
	today := platform.Day(now)
	stallBefore := now.Add(-time.Duration(p.Stall()) * 24 * time.Hour)
	rows := append(platform.Countries(), platform.RegionalKey)
	areas := platform.Areas()
	// The cells by row and area index, and each row's index by country
	// ("" for regional): the loop below runs over every item of the
	// mirror, so it looks up small arrays rather than maps of strings.
	grid := make([][]cellSum, len(rows))
	for i := range grid {
		grid[i] = make([]cellSum, len(areas))
	}
	rowOf := map[string]int{"": len(rows) - 1}
	for i, c := range platform.Countries() {
		rowOf[c] = i
	}
	o := &platform.Overview{Period: period, Countries: map[string]platform.MatrixCell{}, Areas: map[string]platform.MatrixCell{},
		Statuses: map[platform.ItemStatus]int{}, Claims: map[platform.ClaimState]int{}}
	err = s.db.mirror().view(ctx, func(m *mirror) {
		areaOf := map[string]int{} // priority id → area index, for the period's priorities
		for id, pr := range m.priorities {
			if pr.Period == period {
				if a := slices.Index(areas, pr.Area); a >= 0 {
					areaOf[id] = a
				}
			}
		}
		for _, it := range m.items {
			a, ok := areaOf[it.Priority]
			if !ok || it.Period != period || !m.seenBy(tier, it) {
				continue
			}
			o.Statuses[it.Status]++
			r, ok := rowOf[it.Country]
			if !ok {
				continue
			}
			c := &grid[r][a]
			if it.Parent == "" {
				c.top = append(c.top, platform.ChildProgress{Weight: it.Weight, Status: it.Status, Progress: it.Rollup[tier]})
			}
			if it.Status == platform.StatusCompleted || it.Status == platform.StatusWithdrawn {
				continue
			}
			// RoadmapItem.Delayed and Stalled, with today and the stall
			// limit worked out once.
			if it.Due != nil && today.After(*it.Due) {
				c.delayed++
			}
			if it.LastUpdate.Before(stallBefore) {
				c.stalled++
			}
		}
		// The claims, over the updates: an update's visibility is its
		// item's narrowed by the item's ancestors', so it alone says
		// whether the reader sees it.
		for _, up := range m.updates {
			if up.Claim == nil || !platform.TierSees(tier, up.Visibility) {
				continue
			}
			if it := m.items[up.Item]; it != nil && it.Period == period {
				if _, ok := areaOf[it.Priority]; ok {
					o.Claims[up.Claim.State]++
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	cells := map[[2]string]*cellSum{}
	for i, r := range rows {
		for j, a := range areas {
			cells[[2]string{r, a}] = &grid[i][j]
		}
	}
	byRow, byArea, all := map[string]*cellSum{}, map[string]*cellSum{}, &cellSum{}
	for _, r := range rows {
		for _, a := range areas {
			c := cells[[2]string{r, a}]
			o.Cells = append(o.Cells, c.cell(r, a))
			if byRow[r] == nil {
				byRow[r] = &cellSum{}
			}
			if byArea[a] == nil {
				byArea[a] = &cellSum{}
			}
			for _, sum := range []*cellSum{byRow[r], byArea[a], all} {
				sum.top = append(sum.top, c.top...)
				sum.delayed += c.delayed
				sum.stalled += c.stalled
			}
		}
	}
	for _, r := range rows {
		o.Countries[r] = byRow[r].cell(r, "")
	}
	for _, a := range areas {
		o.Areas[a] = byArea[a].cell("", a)
	}
	o.Total = all.cell("", "")
	return o, nil
}

// Attention implements platform.RoadmapService: the open items of the
// period the reader sees that are delayed or stalled now, the most overdue
// first (the earliest due date; items only stalled after, the longest
// without an update first).
func (s *RoadmapService) Attention(ctx context.Context, period string) ([]*platform.RoadmapItem, error) {
	p, err := s.period(ctx, period, "period")
	if err != nil {
		return nil, err
	}
	tier := tierOf(ctx)
	now := s.db.now()
	today := platform.Day(now)
	stallBefore := now.Add(-time.Duration(p.Stall()) * 24 * time.Hour)
	type entry struct {
		it      *platform.RoadmapItem
		delayed bool
	}
	var found []entry
	var out []*platform.RoadmapItem
	err = s.db.mirror().view(ctx, func(m *mirror) {
		for _, it := range m.items {
			if it.Period != period || it.Status == platform.StatusCompleted || it.Status == platform.StatusWithdrawn {
				continue
			}
			delayed := it.Due != nil && today.After(*it.Due)
			if (delayed || it.LastUpdate.Before(stallBefore)) && m.seenBy(tier, it) {
				found = append(found, entry{it, delayed})
			}
		}
		slices.SortFunc(found, func(a, b entry) int {
			switch {
			case a.delayed && !b.delayed:
				return -1
			case b.delayed && !a.delayed:
				return 1
			case a.delayed:
				if c := a.it.Due.Compare(*b.it.Due); c != 0 {
					return c
				}
			}
			return cmp.Or(a.it.LastUpdate.Compare(b.it.LastUpdate), cmp.Compare(a.it.ID, b.it.ID))
		})
		out = make([]*platform.RoadmapItem, len(found))
		for i, e := range found {
			out[i] = m.itemFor(tier, e.it)
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
