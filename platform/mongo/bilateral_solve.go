package mongo

import (
	"context"

	"github.com/ca-uncac/hub/platform"
)

// Solve implements platform.BilateralService.
func (s *BilateralService) Solve(ctx context.Context, eventID string, ifVersion int) (_ *platform.BilateralSchedule, err error) {
	defer platform.Wrap(&err, "Solve(%q)", eventID)
	if _, err := s.secretariatAt(ctx, platform.TypeBilateralSchedule, eventID, "solve the schedule", nil); err != nil {
		return nil, err
	}
	return nil, platform.Errorf(platform.Unavailable, "the scheduler is not in this build yet")
}
