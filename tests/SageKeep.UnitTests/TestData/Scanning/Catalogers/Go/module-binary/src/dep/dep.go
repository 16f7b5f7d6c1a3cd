package dep

// Hello is the one function of the replaced dependency.
func Hello() string { return "hi" }
