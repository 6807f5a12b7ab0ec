# SYNTAX TEST "source.dockerfile" "Heredocs on the instruction line: scripts, Python, data, several per line"
RUN <<EOF
# <--- keyword.other.special-method.dockerfile
#   ^^ keyword.operator.heredoc.dockerfile
#     ^^^ keyword.control.heredoc-token.dockerfile
set -eux
# <--- meta.heredoc.dockerfile meta.embedded.block.shell.dockerfile
echo "it's fine: unbalanced quotes stay inside the body"
#    ^ meta.embedded.block.shell.dockerfile string.quoted.double.shell
EOF
# <--- meta.heredoc.dockerfile keyword.control.heredoc-token.dockerfile
# <--- - meta.embedded.block.shell.dockerfile
FROM scratch
# <---- keyword.other.special-method.dockerfile - meta.instruction.run.heredoc.dockerfile

RUN python3 <<'PY'
#   ^^^^^^^ meta.embedded.line.shell.dockerfile
#           ^^ keyword.operator.heredoc.dockerfile
#             ^ punctuation.definition.string.begin.dockerfile
#              ^^ keyword.control.heredoc-token.dockerfile
#                ^ punctuation.definition.string.end.dockerfile
import os
# <------ meta.embedded.block.python.dockerfile keyword.control.import.python
print(os.getcwd())
# <----- meta.embedded.block.python.dockerfile - meta.embedded.block.shell.dockerfile
PY
# <-- keyword.control.heredoc-token.dockerfile

RUN <<EOF
#!/usr/bin/env python3
# <-- meta.embedded.block.python.dockerfile
print("a shebang picks the interpreter")
# <----- meta.embedded.block.python.dockerfile
EOF

RUN <<-"EOT" > /etc/motd
#   ^^^ keyword.operator.heredoc.dockerfile
#                  ^^^^ meta.embedded.line.shell.dockerfile
	Welcome, data for a redirect is not shell
# <~------- string.unquoted.heredoc.dockerfile - meta.embedded.block.shell.dockerfile
	EOT
# <~--- keyword.control.heredoc-token.dockerfile

RUN <<FILE1 cat > file1 && <<FILE2 cat > file2
#     ^^^^^ keyword.control.heredoc-token.dockerfile
#           ^^^ meta.embedded.line.shell.dockerfile entity.name.command.shell
#                            ^^^^^ keyword.control.heredoc-token.dockerfile
I am first
# <---------- meta.heredoc.dockerfile string.unquoted.heredoc.dockerfile
FILE1
# <----- keyword.control.heredoc-token.dockerfile
I am second
# <----------- string.unquoted.heredoc.dockerfile
FILE2
# <----- keyword.control.heredoc-token.dockerfile
USER app
# <---- keyword.other.special-method.dockerfile - meta.heredoc.dockerfile

COPY --chown=app <<robots.txt <<humans.txt /usr/share/nginx/html/
# <---- keyword.other.special-method.dockerfile
#    ^^^^^^^ entity.other.attribute-name.flag.dockerfile
#                  ^^^^^^^^^^ keyword.control.heredoc-token.dockerfile
#                               ^^^^^^^^^^ keyword.control.heredoc-token.dockerfile
User-agent: *
# <------------- string.unquoted.heredoc.dockerfile
robots.txt
# <---------- keyword.control.heredoc-token.dockerfile
RUN is just text here
# <--- string.unquoted.heredoc.dockerfile - keyword.other.special-method.dockerfile
humans.txt
# <---------- keyword.control.heredoc-token.dockerfile

RUN echo "<<NOT_A_HEREDOC" && cat<<ALSO_NOT
#         ^^^^^^^^^^^^^^^ - keyword.control.heredoc-token.dockerfile
#                                ^^^^^^^^ - keyword.control.heredoc-token.dockerfile
RUN ["<<EOF"]
#    ^^^^^^^ string.quoted.double.dockerfile - keyword.control.heredoc-token.dockerfile

RUN <<EOF | python3
import json
# <------ meta.embedded.block.python.dockerfile keyword.control.import.python
EOF
RUN bash -e <<EOF
set -o pipefail
# <--- meta.embedded.block.shell.dockerfile
EOF
