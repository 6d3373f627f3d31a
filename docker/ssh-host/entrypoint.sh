#!/bin/sh
# Accepts SSH_AUTHORIZED_KEY for root and `plain`, makes fresh host keys, runs sshd in the foreground.
set -eu
for home in /root /home/plain; do
  mkdir -p "$home/.ssh"
  printf '%s\n' "${SSH_AUTHORIZED_KEY:?SSH_AUTHORIZED_KEY is not set}" > "$home/.ssh/authorized_keys"
  chmod 700 "$home/.ssh"; chmod 600 "$home/.ssh/authorized_keys"
done
chown -R plain:plain /home/plain/.ssh
ssh-keygen -A >/dev/null
exec /usr/sbin/sshd -D -e -o PermitRootLogin=prohibit-password -o PasswordAuthentication=no
