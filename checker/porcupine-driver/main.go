// Command porcupinedriver checks Faultline JSON Lines histories with Porcupine, so the two
// checkers can be compared on the same files, on the same machine, in one run.
//
// Build offline against a local Porcupine checkout (it has no dependencies):
//
//	go mod edit -replace github.com/anishathalye/porcupine=/path/to/porcupine
//	go build -o porcupinedriver .
//	./porcupinedriver -model kv -timeout 60s FILE.jsonl...
//
// Models: kv (get/put/cas/delete, absent is null), kv-strings (Porcupine's kv model: get/put/append
// on strings, absent reads as the empty string) and cas-register.
//
// Per file it prints the verdict, the check time (reading excluded), the CPU time of the check
// and the peak Go heap (sampled every 10 ms during the check).
//
// Operations map to Porcupine's convention: a fail completion is dropped, an info or missing
// completion returns at the end of time (so it may take effect anywhere after its call, and
// taking effect last is the same as never), an info read is dropped.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/anishathalye/porcupine"
)

type line struct {
	Process int64           `json:"process"`
	Type    string          `json:"type"`
	F       string          `json:"f"`
	Key     *string         `json:"key"`
	Value   json.RawMessage `json:"value"`
	Time    *int64          `json:"time"`
	Index   int64           `json:"index"`
}

type input struct {
	f        string
	key      string
	value    string // canonical JSON of the written value, or of [expected, new] parts
	expected string
	unknown  bool
}

func canon(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "null"
	}
	var v interface{}
	if err := json.Unmarshal(raw, &v); err != nil {
		panic(err)
	}
	out, _ := json.Marshal(v)
	return string(out)
}

func read(path string) ([]porcupine.Operation, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	open := map[int64]int{}
	var ops []porcupine.Operation
	var keep []bool
	n := int64(0)
	for sc.Scan() {
		var l line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		if l.Process < 0 || l.Type == "" {
			continue
		}
		at := n
		if l.Time != nil {
			at = *l.Time
		}
		n++
		key := ""
		if l.Key != nil {
			key = *l.Key
		}
		switch l.Type {
		case "invoke":
			in := input{f: l.F, key: key}
			if l.F == "cas" {
				var pair []json.RawMessage
				if err := json.Unmarshal(l.Value, &pair); err != nil || len(pair) != 2 {
					return nil, fmt.Errorf("%s: bad cas value %s", path, l.Value)
				}
				in.expected, in.value = canon(pair[0]), canon(pair[1])
			} else {
				in.value = canon(l.Value)
			}
			open[l.Process] = len(ops)
			ops = append(ops, porcupine.Operation{ClientId: int(l.Process), Input: in, Call: at, Return: math.MaxInt64})
			keep = append(keep, true)
		default:
			i, ok := open[l.Process]
			if !ok {
				return nil, fmt.Errorf("%s: completion without invocation at index %d", path, l.Index)
			}
			delete(open, l.Process)
			in := ops[i].Input.(input)
			read := in.f == "get" || in.f == "read"
			switch l.Type {
			case "ok":
				ops[i].Return = at
				if read {
					ops[i].Output = canon(l.Value)
				}
			case "fail":
				keep[i] = false
			default: // info: returns at the end of time
				in.unknown = true
				ops[i].Input = in
				keep[i] = !read
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for i := range ops { // never completed: unknown outcome
		if ops[i].Return == math.MaxInt64 {
			in := ops[i].Input.(input)
			in.unknown = true
			ops[i].Input = in
			if in.f == "get" || in.f == "read" {
				keep[i] = false
			}
		}
	}
	var out []porcupine.Operation
	for i, op := range ops {
		if keep[i] {
			out = append(out, op)
		}
	}
	return out, nil
}

// A state is the canonical JSON of one key's (or the register's) value; "null" is absent.
// In the kv-strings model (Porcupine's own kv model) it is the plain string instead, absent
// reads as "" and append concatenates: see stepStrings.
func step(state, in, out interface{}) (bool, interface{}) {
	s := state.(string)
	i := in.(input)
	switch i.f {
	case "get", "read":
		return out.(string) == s, s
	case "put", "write":
		return true, i.value
	case "delete":
		return true, "null"
	case "cas":
		if s == i.expected {
			return true, i.value
		}
		// A cas of unknown outcome that did not match did not happen.
		return i.unknown, s
	}
	panic("unknown function " + i.f)
}

// plain is the string a JSON value holds ("" for null): Porcupine's kv model keeps strings.
func plain(canonical string) string {
	var s *string
	if err := json.Unmarshal([]byte(canonical), &s); err != nil {
		panic(fmt.Sprintf("kv-strings: not a string: %s", canonical))
	}
	if s == nil {
		return ""
	}
	return *s
}

func stepStrings(state, in, out interface{}) (bool, interface{}) {
	s := state.(string)
	i := in.(input)
	switch i.f {
	case "get":
		return plain(out.(string)) == s, s
	case "put":
		return true, plain(i.value)
	case "append":
		return true, s + plain(i.value)
	}
	panic("kv-strings has no function " + i.f)
}

func hashString(state interface{}) uint64 {
	h := fnv.New64a()
	h.Write([]byte(state.(string)))
	return h.Sum64()
}

func partitionByKey(history []porcupine.Operation) [][]porcupine.Operation {
	byKey := map[string][]porcupine.Operation{}
	var order []string
	for _, op := range history {
		k := op.Input.(input).key
		if _, ok := byKey[k]; !ok {
			order = append(order, k)
		}
		byKey[k] = append(byKey[k], op)
	}
	var parts [][]porcupine.Operation
	for _, k := range order {
		parts = append(parts, byKey[k])
	}
	return parts
}

func model(name string) porcupine.Model {
	m := porcupine.Model{
		Init:  func() interface{} { return "null" },
		Step:  step,
		Equal: func(a, b interface{}) bool { return a.(string) == b.(string) },
		Hash:  hashString,
	}
	if name == "kv-strings" {
		m.Init = func() interface{} { return "" }
		m.Step = stepStrings
	}
	if name != "cas-register" {
		m.Partition = partitionByKey
	}
	return m
}

// cpuTime is the CPU time the process has used so far (all threads, user and system): on a
// loaded machine it varies far less than the wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func main() {
	name := flag.String("model", "kv", "kv, kv-strings (get/put/append, absent reads \"\") or cas-register")
	timeout := flag.Duration("timeout", 60*time.Second, "budget per file")
	flag.Parse()
	status := 0
	for _, path := range flag.Args() {
		ops, err := read(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		runtime.GC()
		var peak uint64
		var stop int32
		done := make(chan struct{})
		go func() {
			var ms runtime.MemStats
			for atomic.LoadInt32(&stop) == 0 {
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > peak {
					peak = ms.HeapAlloc
				}
				time.Sleep(10 * time.Millisecond)
			}
			close(done)
		}()
		cpu0 := cpuTime()
		t0 := time.Now()
		res := porcupine.CheckOperationsTimeout(model(*name), ops, *timeout)
		elapsed := time.Since(t0)
		cpu := cpuTime() - cpu0
		atomic.StoreInt32(&stop, 1)
		<-done
		verdict := map[porcupine.CheckResult]string{porcupine.Ok: "linearizable", porcupine.Illegal: "not-linearizable", porcupine.Unknown: "unknown"}[res]
		if res != porcupine.Ok {
			status = 1
		}
		fmt.Printf("%s\t%s\t%d ops\t%.3f s\tcpu %.3f s\t%d MiB\n", path, verdict, len(ops), elapsed.Seconds(),
			cpu.Seconds(), peak>>20)
	}
	os.Exit(status)
}
