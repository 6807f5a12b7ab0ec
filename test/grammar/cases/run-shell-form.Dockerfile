# SYNTAX TEST "source.dockerfile" "RUN shell form: keyword, flags, shell embedding across line continuations"
FROM python:3.12-slim AS build
# <---- keyword.other.special-method.dockerfile

RUN --mount=type=cache,target=/root/.cache/pip \
# <--- keyword.other.special-method.dockerfile
# <--- - meta.embedded.line.shell.dockerfile
#   ^^^^^^^ entity.other.attribute-name.flag.dockerfile
#   ^^ punctuation.definition.flag.dockerfile
#          ^ keyword.operator.assignment.dockerfile
#           ^^^^ variable.parameter.option.dockerfile
#                ^^^^^ string.unquoted.flag-value.dockerfile
#                     ^ punctuation.separator.comma.dockerfile
#                                              ^ constant.character.escape.line-continuation.dockerfile
    --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt \
#   ^^^^^^^ meta.flags.dockerfile entity.other.attribute-name.flag.dockerfile
#   ^^^^^^^ - meta.embedded.line.shell.dockerfile
    pip install --no-cache-dir -r /tmp/requirements.txt && \
#   ^^^ meta.instruction.run.dockerfile meta.embedded.line.shell.dockerfile entity.name.command.shell
#               ^^^^^^^^^^^^^^ meta.embedded.line.shell.dockerfile - entity.other.attribute-name.flag.dockerfile
#                                                       ^^ meta.embedded.line.shell.dockerfile
# a comment line inside the continuation is skipped by Docker
# <- meta.instruction.run.dockerfile comment.line.number-sign.dockerfile

    rm -rf /var/lib/apt/lists/*
#   ^^ meta.instruction.run.dockerfile meta.embedded.line.shell.dockerfile
ENV PATH=/opt/venv/bin:$PATH
# <--- keyword.other.special-method.dockerfile - meta.instruction.run.dockerfile
#    ^^^^ - meta.embedded.line.shell.dockerfile

run echo "lower-case keyword, $HOME"
# <--- keyword.other.special-method.dockerfile
#        ^ meta.embedded.line.shell.dockerfile string.quoted.double.shell
ONBUILD RUN make install
# <------- keyword.control.dockerfile
#       ^^^ keyword.other.special-method.dockerfile
#           ^^^^ meta.embedded.line.shell.dockerfile

RUN [ -f /etc/os-release ] && cat /etc/os-release
#   ^ meta.embedded.line.shell.dockerfile - meta.exec-form.dockerfile

RUN ["/bin/sh", "-c", \
#   ^ meta.exec-form.dockerfile punctuation.definition.array.begin.dockerfile
#    ^^^^^^^^^ string.quoted.double.dockerfile
#             ^ punctuation.separator.array.dockerfile
#                     ^ constant.character.escape.line-continuation.dockerfile
     "echo \"done\""]
#    ^^^^^^^^^^^^^^^ meta.exec-form.dockerfile string.quoted.double.dockerfile - meta.embedded.line.shell.dockerfile
#          ^^ constant.character.escape.dockerfile
#                   ^ punctuation.definition.array.end.dockerfile
USER app
# <---- keyword.other.special-method.dockerfile - meta.instruction.run.dockerfile
# (the next line ends with blanks after the backslash; keep them)
RUN echo "blanks after the backslash still continue" \   
  && echo next
#    ^^^^ meta.instruction.run.dockerfile meta.embedded.line.shell.dockerfile
