FROM a
RUN sh <<'EOF' > /x
a
\
	EOF
FROM b
RUN cat <<-"E"
	x
E
