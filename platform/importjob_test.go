package platform

import (
	"testing"
	"time"
)

func TestAJobIsInterruptedOnlyWhenItSaysItRunsAndItsHeartbeatIsOld(t *testing.T) {
	now := time.Date(2026, 12, 5, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		state ImportJobState
		age   time.Duration
		want  bool
	}{
		{"a running job saved a second ago runs", JobRunning, time.Second, false},
		{"a running job saved at the bound runs", JobRunning, ImportJobStale, false},
		{"a running job not saved for a minute was interrupted", JobRunning, time.Minute, true},
		{"a finished job is never interrupted", JobDone, time.Hour, false},
		{"a failed job is never interrupted", JobFailed, time.Hour, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := &ImportJob{State: tt.state, UpdatedAt: now.Add(-tt.age)}
			if got := j.Interrupted(now); got != tt.want {
				t.Errorf("Interrupted = %v, want %v", got, tt.want)
			}
		})
	}
}
