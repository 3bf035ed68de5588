package ui

// Picker is a list to choose one item from (the unfinished drafts, the
// operator profiles): the items, the one under the cursor, the size. A
// picker draws its own lines; this is what they share.
type Picker[T any] struct {
	Items  []T
	Cursor int
	W, H   int
}

func (p *Picker[T]) SetSize(w, h int) { p.W, p.H = w, h }

// Move moves the cursor by delta, within the items.
func (p *Picker[T]) Move(delta int) {
	p.Cursor = min(max(p.Cursor+delta, 0), max(len(p.Items)-1, 0))
}

// Selected is the item under the cursor, or nil when there is none.
func (p *Picker[T]) Selected() *T {
	if p.Cursor < 0 || p.Cursor >= len(p.Items) {
		return nil
	}
	return &p.Items[p.Cursor]
}
