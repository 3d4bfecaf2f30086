package photo

// SetLimits sets the largest image accepted, for a test, and returns the
// function that restores the limits.
func SetLimits(pixels, side int) (restore func()) {
	oldPixels, oldSide := maxPixels, maxSide
	maxPixels, maxSide = pixels, side
	return func() { maxPixels, maxSide = oldPixels, oldSide }
}
