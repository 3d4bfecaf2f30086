package web_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// TestEveryCodeHasItsStatus: the one table of codes and statuses answers
// the platform's codes, wrapped as services return them, and anything
// else is a 500.
func TestEveryCodeHasItsStatus(t *testing.T) {
	for _, c := range []struct {
		code string
		want int
	}{
		{platform.Invalid, http.StatusBadRequest},
		{platform.NotFound, http.StatusNotFound},
		{platform.Conflict, http.StatusConflict},
		{platform.Unauthorized, http.StatusUnauthorized},
		{platform.Forbidden, http.StatusForbidden},
		{platform.Unavailable, http.StatusServiceUnavailable},
		{platform.RateLimited, http.StatusTooManyRequests},
		{platform.Internal, http.StatusInternalServerError},
		// A photo over its limits, and a file that is no photo
		// (platform/photo), are refused in the platform's terms.
		{platform.TooLarge, http.StatusRequestEntityTooLarge},
		{platform.UnsupportedType, http.StatusUnsupportedMediaType},
	} {
		err := fmt.Errorf("Put(%q): %w", "photos/x", &platform.Error{Code: c.code, Message: "m"})
		if got := web.Status(err); got != c.want {
			t.Errorf("%s: %d, want %d", c.code, got, c.want)
		}
	}
	if got := web.Status(errors.New("a foreign error")); got != http.StatusInternalServerError {
		t.Errorf("a foreign error: %d", got)
	}
	if web.CodeTooLarge != platform.TooLarge || web.CodeUnsupportedType != platform.UnsupportedType {
		t.Error("the web layer's names for the codes are not the platform's codes")
	}
}
