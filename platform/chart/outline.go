package chart

// outline is a country's shape on the map: its SVG path and where its name
// goes.
type outline struct {
	path string
	x, y float64
}
