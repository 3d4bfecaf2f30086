package scheduletest

import (
	"slices"
	"time"

	"github.com/ca-uncac/hub/platform/schedule"
)

// Changes names the changes Change makes, by kind.
var Changes = []string{"a room withdrawn", "a person withdrawn", "a request added"}

// Change changes in as a secretariat might after publishing first, in's
// schedule, and publishes first: kind 0 withdraws the room that holds the
// most meetings, 1 makes the person in the most meetings away all the
// time, 2 adds a request of the highest priority (3) between the first two
// delegations, with all their members. It returns Changes[kind].
func Change(in *schedule.Instance, first schedule.Result, kind int) string {
	switch kind {
	case 0:
		per := map[string]int{}
		for _, pl := range first.Placements {
			per[pl.Room]++
		}
		if len(in.Rooms) > 0 {
			gone := in.Rooms[0].ID
			for _, r := range in.Rooms {
				if per[r.ID] > per[gone] {
					gone = r.ID
				}
			}
			in.Rooms = slices.DeleteFunc(slices.Clone(in.Rooms), func(r schedule.Room) bool { return r.ID == gone })
		}
	case 1:
		people := map[string][]string{}
		for _, m := range in.Meetings {
			people[m.ID] = m.People
		}
		per := map[string]int{}
		for _, pl := range first.Placements {
			for _, p := range people[pl.Meeting] {
				per[p]++
			}
		}
		if len(in.People) > 0 {
			gone := 0
			for i, p := range in.People {
				if per[p.ID] > per[in.People[gone].ID] {
					gone = i
				}
			}
			in.People = slices.Clone(in.People)
			in.People[gone].Unavailable = []schedule.Interval{{Start: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)}}
		}
	case 2:
		if len(in.Delegations) >= 2 {
			m := schedule.Meeting{ID: "added", Delegations: [2]string{in.Delegations[0].ID, in.Delegations[1].ID}, Priority: 3}
			for _, p := range in.People {
				if p.Delegation == m.Delegations[0] || p.Delegation == m.Delegations[1] {
					m.People = append(m.People, p.ID)
				}
			}
			in.Meetings = append(slices.Clone(in.Meetings), m)
		}
	}
	in.Published = first.Placements
	return Changes[kind]
}
