package schedule

import (
	"sort"
	"time"
)

// Slots returns the grid on which meetings start, sorted by start: in each
// window, one slot at the window's start, then one every SlotLength+Break,
// each ending by the window's end. A slot longer than a window gives that
// window none. Two slots of one window never overlap and lie at least Break
// apart, so two meetings conflict over a person, delegation, room or
// interpreter only when they are in the same slot (for windows that do not
// themselves overlap, which the store never produces; the solver drops the
// clashing slots of any that do, see usableSlots).
func Slots(in *Instance) []Interval {
	if in.SlotLength <= 0 || in.Break < 0 {
		return nil
	}
	var out []Interval
	step := in.SlotLength + in.Break
	for _, w := range in.Windows {
		if w.End.Sub(w.Start) < in.SlotLength {
			continue
		}
		n := int(w.End.Sub(w.Start)-in.SlotLength)/int(step) + 1
		if len(out)+n > MaxSlots {
			n = MaxSlots - len(out)
		}
		for k := 0; k < n; k++ {
			start := w.Start.Add(time.Duration(k) * step)
			out = append(out, Interval{Start: start, End: start.Add(in.SlotLength)})
		}
		if len(out) >= MaxSlots {
			break
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	// Identical slots of two windows are one slot.
	k := 0
	for i, s := range out {
		if i > 0 && s.Start.Equal(out[k-1].Start) {
			continue
		}
		out[k] = s
		k++
	}
	return out[:k]
}

// MaxSlots bounds the grid (Validate refuses an instance with more): four
// weeks of ten-minute slots, far beyond a conference, and what keeps a
// mistyped slot length from making the solver allocate without end.
const MaxSlots = 4 * 7 * 24 * 6

// usableSlots are the slots the solver places meetings in: the grid, less
// any slot that would be closer than Break to an earlier one (only windows
// that overlap or nearly touch make such slots). With them gone, meetings in
// different slots never conflict. dropped reports whether any went.
func usableSlots(in *Instance, grid []Interval) (kept []Interval, dropped bool) {
	for _, s := range grid {
		if n := len(kept); n > 0 && s.Start.Before(kept[n-1].End.Add(in.Break)) {
			dropped = true
			continue
		}
		kept = append(kept, s)
	}
	return kept, dropped
}

// overlaps reports whether two spans share a moment.
func overlaps(a, b Interval) bool {
	return a.Start.Before(b.End) && b.Start.Before(a.End)
}

// freeDuring reports whether none of the unavailable spans meets slot.
func freeDuring(unavailable []Interval, slot Interval) bool {
	for _, u := range unavailable {
		if overlaps(u, slot) {
			return false
		}
	}
	return true
}
