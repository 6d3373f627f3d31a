module faultline/porcupinedriver

go 1.19

require github.com/anishathalye/porcupine v0.0.0

// Porcupine has no dependencies of its own: point this at a local checkout (see main.go).
replace github.com/anishathalye/porcupine => ../../porcupine
