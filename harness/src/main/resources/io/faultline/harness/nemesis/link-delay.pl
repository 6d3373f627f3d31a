#!/usr/bin/perl
# Faultline's link-delay proxy, run inside a node's container (perl is in every image; there
# is no netem). Usage: link-delay.pl LISTEN_PORT TARGET_PORT CONTROL_FILE
# Accepts the connections that iptables redirects from the peer port and forwards each to
# 127.0.0.1:TARGET_PORT, holding every chunk read DELAY_MS plus up to JITTER_MS (seeded) in
# each direction, as CONTROL_FILE says ("DELAY_MS JITTER_MS SEED"; read at start and on
# SIGHUP, so the delay changes without breaking a connection). A connection keeps its byte
# order: a chunk never leaves before the one read before it. One select loop, no threads.
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
my ($delay, $jitter) = (0, 0);
sub configure {
    open(my $f, '<', $control) or do { print "link-delay: cannot read $control: $!\n"; return; };
    my ($delay_ms, $jitter_ms, $seed) = split ' ', (<$f> // '');
    close $f;
    ($delay, $jitter) = (($delay_ms // 0) / 1000, ($jitter_ms // 0) / 1000);
    srand($seed // 0);
    print "link-delay: port $listen -> 127.0.0.1:$target, delay ${\($delay * 1000)} ms + up to ${\($jitter * 1000)} ms\n";
}
$| = 1;
configure();
$SIG{HUP} = \&configure;
my $server = IO::Socket::INET->new(LocalAddr => '0.0.0.0', LocalPort => $listen, Listen => 128,
    ReuseAddr => 1, Proto => 'tcp') or die "listen on $listen: $!\n";
my $select = IO::Select->new($server);
my (%sock, %other, %queue);    # by fileno: the socket, its partner, chunks due to it [[due, bytes]]

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
            next;
        }
        my $fd = fileno $s;
        next unless defined $fd && $sock{$fd};    # closed with its partner earlier in this round
        my $to = $other{$fd} or next;
        my $q = $queue{ fileno $to } or next;
        my $n = sysread($s, my $buf, 65536);
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
        if (defined $f) { delete $sock{$f}; delete $queue{$f}; delete $other{$f}; }
        close $x;
    }
}
