package bilaterals

import (
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
)

// delegationName names a delegation for a reader: a country's by the
// country in the reader's language, an organization's as it writes itself.
func delegationName(l *i18n.Localizer, d *platform.Delegation) string {
	if d == nil {
		return ""
	}
	if d.Kind == platform.DelegationCountry && d.Country != "" {
		return l.T("country." + d.Country)
	}
	return d.Name
}

// memberName is a member's name, or their id when the reader has only that.
func memberName(d *platform.Delegation, id string) string {
	if d != nil {
		for _, m := range d.Members {
			if m.ID == id {
				return m.Name
			}
		}
	}
	return id
}

// memberNames names the members ids of d the reader may read, leaving out
// those the service gave no name for (another delegation's members other
// than its head).
func memberNames(d *platform.Delegation, ids []string) []string {
	var out []string
	for _, id := range ids {
		if d == nil {
			break
		}
		for _, m := range d.Members {
			if m.ID == id && m.Name != "" {
				out = append(out, m.Name)
			}
		}
	}
	return out
}

// meetingView is a published (or draft) meeting as a delegation's schedule
// shows it: its times in the event's zone, its room and interpreter by
// name, the other side and who attends.
type meetingView struct {
	RequestID        string
	Start, End       time.Time // UTC
	Day, From, To    string    // in the event's zone
	Room, RoomID     string
	Interpreter      string
	InterpreterID    string
	With, WithID     string
	Topic            string
	Members, Others  []string // this delegation's, the other's
	FromDel, ToDel   string   // ids, as the request has them
	Locked           bool
	StartUTC, EndUTC string
}

// delegationSchedule is a delegation's published schedule.
type delegationSchedule struct {
	Name        string
	Version     int
	PublishedAt *time.Time
	Meetings    []meetingView
}

// names gives the rooms, interpreters and delegations of a conference by
// id, as far as the reader may read them.
type names struct {
	rooms, interpreters map[string]string
	delegations         map[string]*platform.Delegation
}

// loadNames reads the settings and delegations for their names; settings
// the reader may not read leave the ids.
func (s *server) loadNames(c *gin.Context, eventID string) (*names, []*platform.Delegation, error) {
	ctx := c.Request.Context()
	n := &names{rooms: map[string]string{}, interpreters: map[string]string{}, delegations: map[string]*platform.Delegation{}}
	if set, err := s.Bilaterals.Settings(ctx, eventID); err == nil {
		for _, r := range set.Rooms {
			n.rooms[r.ID] = r.Name
		}
		for _, x := range set.Interpreters {
			n.interpreters[x.ID] = x.Name
		}
	}
	ds, err := s.Bilaterals.Delegations(ctx, eventID)
	if err != nil {
		return nil, nil, err
	}
	for _, d := range ds {
		n.delegations[d.ID] = d
	}
	return n, ds, nil
}

func orID(m map[string]string, id string) string {
	if v := m[id]; v != "" {
		return v
	}
	return id
}

// view makes a placed meeting of request r into the view of delegation
// self (the side it is read from; "" reads it from r's asking side).
func (n *names) view(l *i18n.Localizer, loc *time.Location, m platform.ScheduledMeeting, r *platform.MeetingRequest, self string) meetingView {
	start, end := m.Start.In(loc), m.End.In(loc)
	v := meetingView{RequestID: m.RequestID, Start: m.Start.UTC(), End: m.End.UTC(), Day: start.Format(time.DateOnly),
		From: start.Format("15:04"), To: end.Format("15:04"), RoomID: m.Room, Room: orID(n.rooms, m.Room),
		InterpreterID: m.Interpreter, StartUTC: m.Start.UTC().Format(time.RFC3339), EndUTC: m.End.UTC().Format(time.RFC3339)}
	if m.Interpreter != "" {
		v.Interpreter = orID(n.interpreters, m.Interpreter)
	}
	if r == nil {
		return v
	}
	v.Topic, v.FromDel, v.ToDel, v.Locked = r.Topic, r.From, r.To, r.Locked
	own, other, ownMembers, otherMembers := r.From, r.To, r.FromMembers, r.ToMembers
	if self == r.To {
		own, other, ownMembers, otherMembers = r.To, r.From, r.ToMembers, r.FromMembers
	}
	v.WithID = other
	v.With = delegationName(l, n.delegations[other])
	if v.With == "" {
		v.With = other
	}
	v.Members, v.Others = memberNames(n.delegations[own], ownMembers), memberNames(n.delegations[other], otherMembers)
	return v
}

// delegationSchedule reads d's published meetings, in time order.
func (s *server) delegationSchedule(c *gin.Context, e *platform.Event, d *platform.Delegation) (*delegationSchedule, error) {
	ctx := c.Request.Context()
	l := s.Localizer(c)
	sch, err := s.Bilaterals.Schedule(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	n, _, err := s.loadNames(c, e.ID)
	if err != nil {
		return nil, err
	}
	n.delegations[d.ID] = d // in full, as the reader may read it
	reqs, err := s.Bilaterals.Requests(ctx, e.ID, d.ID, "")
	if err != nil {
		return nil, err
	}
	byID := map[string]*platform.MeetingRequest{}
	for _, r := range reqs {
		if r.From == d.ID || r.To == d.ID {
			byID[r.ID] = r
		}
	}
	// The published version, not the schedule's: the secretariat's drafts
	// do not change a delegation's calendar (its SEQUENCE).
	out := &delegationSchedule{Name: delegationName(l, d), Version: sch.PublishedVersion, PublishedAt: sch.PublishedAt}
	loc := e.Location()
	for _, m := range sch.Published {
		if r := byID[m.RequestID]; r != nil {
			out.Meetings = append(out.Meetings, n.view(l, loc, m, r, d.ID))
		}
	}
	slices.SortFunc(out.Meetings, func(a, b meetingView) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return compareStrings(a.Room, b.Room)
	})
	return out, nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// meetingJSON is a meeting of a delegation's schedule in the API.
type meetingJSON struct {
	RequestID       string    `json:"requestId"`
	Start           time.Time `json:"start"`
	End             time.Time `json:"end"`
	Room            string    `json:"room"`
	RoomName        string    `json:"roomName"`
	Interpreter     string    `json:"interpreter,omitempty"`
	InterpreterName string    `json:"interpreterName,omitempty"`
	With            string    `json:"with"`
	WithName        string    `json:"withName"`
	Topic           string    `json:"topic"`
	Members         []string  `json:"members"`
	OtherMembers    []string  `json:"otherMembers"`
}

func (ds *delegationSchedule) jsonMeetings() []meetingJSON {
	out := make([]meetingJSON, 0, len(ds.Meetings))
	for _, m := range ds.Meetings {
		out = append(out, meetingJSON{RequestID: m.RequestID, Start: m.Start, End: m.End, Room: m.RoomID, RoomName: m.Room,
			Interpreter: m.InterpreterID, InterpreterName: m.Interpreter, With: m.WithID, WithName: m.With, Topic: m.Topic,
			Members: nonNil(m.Members), OtherMembers: nonNil(m.Others)})
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
