#!/usr/bin/perl
# Faultline's link proxy, run inside a node's container (perl is in every image; there is no
# netem). Usage: link-delay.pl LISTEN_PORT TARGET_PORT CONTROL_FILE
# Accepts the connections that iptables redirects from the peer port and forwards each to
# 127.0.0.1:TARGET_PORT, holding every chunk read DELAY_MS plus up to JITTER_MS (seeded) in
# each direction, as CONTROL_FILE says ("DELAY_MS JITTER_MS SEED [DUP]"; read at start and on
# SIGHUP, so the delay changes without breaking a connection). A connection keeps its byte
# order: a chunk never leaves before the one read before it. One select loop, no threads.
#
# Duplication (DUP > 0) knows one protocol: etcd's rafthttp "message" stream. A peer that
# wants messages GETs /raft/stream/message/<id> and the answer's chunked body is a run of
# frames (8-byte big-endian length, then a raftpb.Message). The body is taken out of its
# chunks, each whole frame sent once and with probability DUP twice, and the frames put back
# in chunks of their own: a frame is never cut by a copy. Proposals (a follower forwarding a
# client's write) are never doubled: a second copy is a second write, not a repeated Raft
# message. Everything else (msgappv2 streams, whose entries frames depend on the frame before,
# pipeline POSTs, snapshots, other systems) passes as it came. On SIGHUP the frames seen and
# doubled since the last one are written to CONTROL_FILE.stats ("D of N frames twice").
use strict;
use warnings;
use IO::Socket::INET;
use IO::Select;
use POSIX ();

# The images have perl-base, without Time::HiRes: the elapsed real time of times(2), in clock
# ticks (10 ms at the usual 100 per second), is fine enough for delays of 25 ms and more.
my $TICKS = POSIX::sysconf(&POSIX::_SC_CLK_TCK) || 100;
sub now { return (POSIX::times())[0] / $TICKS; }

my ($listen, $target, $control) = @ARGV;
die "usage: $0 LISTEN TARGET CONTROL_FILE\n" unless defined $control;
my ($delay, $jitter, $dup) = (0, 0, 0);
my ($frames, $twice) = (0, 0);    # message-stream frames passed and doubled since the last configure
sub configure {
    open(my $f, '<', $control) or do { print "link-delay: cannot read $control: $!\n"; return; };
    my ($delay_ms, $jitter_ms, $seed, $dup_p) = split ' ', (<$f> // '');
    close $f;
    if (open(my $st, '>', "$control.stats")) { print $st "$twice of $frames frames twice\n"; close $st; }
    print "link-dup: $twice of $frames frames twice\n" if $dup > 0;
    ($frames, $twice) = (0, 0);
    ($delay, $jitter, $dup) = (($delay_ms // 0) / 1000, ($jitter_ms // 0) / 1000, $dup_p // 0);
    srand($seed // 0);
    print "link-delay: port $listen -> 127.0.0.1:$target, delay ${\($delay * 1000)} ms + up to ${\($jitter * 1000)} ms,"
        . " duplicate $dup\n";
}
$| = 1;
configure();
$SIG{HUP} = \&configure;
my $server = IO::Socket::INET->new(LocalAddr => '0.0.0.0', LocalPort => $listen, Listen => 128,
    ReuseAddr => 1, Proto => 'tcp') or die "listen on $listen: $!\n";
my $select = IO::Select->new($server);
my (%sock, %other, %queue);    # by fileno: the socket, its partner, chunks due to it [[due, bytes]]
my %pending;    # by fileno of a target side whose client has not spoken yet
my %stream;     # by fileno of a target side that answers an etcd message stream: its reframing state

while (1) {
    my $now = now();
    my $wait = 1;
    for my $fd (keys %queue) {
        my $q = $queue{$fd} or next;
        while (@$q && $q->[0][0] <= $now) {
            my ($due, $bytes) = @{ shift @$q };
            if (!defined $bytes || !send_all($sock{$fd}, $bytes)) { close_pair($fd); last; }
        }
        $q = $queue{$fd} or next;
        if (@$q) { my $t = $q->[0][0] - $now; $wait = $t if $t < $wait; }
    }
    $wait = 0 if $wait < 0;
    my @ready = $select->can_read($wait);    # held here: closing a pair must not free a handle still listed
    for my $s (@ready) {
        if ($s == $server) {
            my $in = $server->accept or next;
            my $out = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $target, Proto => 'tcp');
            if (!$out) { close $in; next; }
            for my $x ($in, $out) { $sock{ fileno $x } = $x; $queue{ fileno $x } = []; }
            $other{ fileno $in } = $out;
            $other{ fileno $out } = $in;
            $select->add($in, $out);
            $pending{ fileno $out } = 1;
            next;
        }
        my $fd = fileno $s;
        next unless defined $fd && $sock{$fd};    # closed with its partner earlier in this round
        my $to = $other{$fd} or next;
        my $q = $queue{ fileno $to } or next;
        my $n = sysread($s, my $buf, 65536);
        if ($n && delete $pending{ fileno $to }) {
            $stream{ fileno $to } = { state => 'head', raw => '', body => '' } if $buf =~ m{^GET /raft/stream/message/};
        }
        delete $pending{$fd};    # the target spoke first: not HTTP, passed as it comes
        if ($n && $stream{$fd}) {
            $buf = reframe($stream{$fd}, $buf);
            next unless length $buf;
        }
        my $due = now() + $delay + ($jitter > 0 ? rand($jitter) : 0);    # rand(0) would be rand(1)
        $due = $q->[-1][0] if @$q && $q->[-1][0] > $due;
        if ($n) {
            push @$q, [$due, $buf];
        } else {
            # End of stream (or an error): the partner is closed once what came before has left.
            $select->remove($s);
            push @$q, [$due, undef];
        }
    }
}

# Takes what the target sent on a message stream, returns what to forward: the head as it came,
# then whole frames in chunks of their own (some twice), holding a frame until all of it came.
sub reframe {
    my ($st, $bytes) = @_;
    $st->{raw} .= $bytes;
    my $out = '';
    if ($st->{state} eq 'head') {
        my $end = index($st->{raw}, "\r\n\r\n");
        return '' if $end < 0 && length $st->{raw} < 65536;
        my $head = $end < 0 ? $st->{raw} : substr($st->{raw}, 0, $end + 4);
        substr($st->{raw}, 0, length $head, '');
        $out .= $head;
        $st->{state} = $head =~ m{^HTTP/1\.1 200 } && $head =~ m{^Transfer-Encoding:[ \t]*chunked\r$}mi ? 'chunks' : 'pass';
    }
    while ($st->{state} eq 'chunks') {
        my $eol = index($st->{raw}, "\r\n");
        last if $eol < 0;
        my ($hex) = substr($st->{raw}, 0, $eol) =~ /^([0-9a-fA-F]{1,8})(?:;.*)?$/;
        if (!defined $hex || hex($hex) == 0) {
            # The last chunk (or one not understood): the frames held so far, any part of one
            # left as it came, then the rest of the answer as it came.
            $out .= whole_frames($st);
            $out .= sprintf("%x\r\n", length $st->{body}) . $st->{body} . "\r\n" if length $st->{body};
            $st->{body} = '';
            $st->{state} = 'pass';
            last;
        }
        my $size = hex $hex;
        last if length($st->{raw}) < $eol + 2 + $size + 2;
        $st->{body} .= substr($st->{raw}, $eol + 2, $size);
        substr($st->{raw}, 0, $eol + 2 + $size + 2, '');
    }
    if ($st->{state} eq 'pass') {
        $out .= $st->{raw};
        $st->{raw} = '';
        return $out;
    }
    return $out . whole_frames($st);
}

# The whole frames at the front of the body held, in one chunk, each but a proposal perhaps twice.
sub whole_frames {
    my ($st) = @_;
    my $whole = '';
    while (length $st->{body} >= 8) {
        my ($hi, $lo) = unpack('NN', $st->{body});
        my $len = 8 + $hi * 4294967296 + $lo;
        last if length $st->{body} < $len;
        my $frame = substr($st->{body}, 0, $len, '');
        $whole .= $frame;
        $frames++;
        # Field 1 (the type) comes first; 2 is MsgProp.
        if ($dup > 0 && substr($frame, 8, 2) ne "\x08\x02" && rand() < $dup) {
            $whole .= $frame;
            $twice++;
        }
    }
    return length $whole ? sprintf("%x\r\n", length $whole) . $whole . "\r\n" : '';
}

sub send_all {
    my ($s, $bytes) = @_;
    return 0 unless $s;
    my $off = 0;
    while ($off < length $bytes) {
        my $w = syswrite($s, $bytes, length($bytes) - $off, $off);
        return 0 unless defined $w;
        $off += $w;
    }
    return 1;
}

sub close_pair {
    my ($fd) = @_;
    my @pair = grep { defined } ($sock{$fd}, $other{$fd});    # copies: deleting from the hashes must not free them
    for my $x (@pair) {
        my $f = fileno $x;
        $select->remove($x);
        if (defined $f) { delete $sock{$f}; delete $queue{$f}; delete $other{$f}; delete $pending{$f}; delete $stream{$f}; }
        close $x;
    }
}
