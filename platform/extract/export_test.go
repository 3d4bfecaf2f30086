package extract

// SetMaxOps sets the budget of content operators read from one PDF, for a
// test, and returns the function that restores it.
func SetMaxOps(n int) (restore func()) {
	old := maxOps
	maxOps = n
	return func() { maxOps = old }
}
