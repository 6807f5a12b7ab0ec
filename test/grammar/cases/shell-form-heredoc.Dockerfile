# SYNTAX TEST "source.dockerfile" "Heredocs that start after the shell form has begun"
RUN --mount=type=cache,target=/root/.cache \
    python3 <<EOF
#   ^^^^^^^ meta.embedded.line.shell.dockerfile
#           ^^ meta.heredoc.dockerfile keyword.operator.heredoc.dockerfile
#             ^^^ keyword.control.heredoc-token.dockerfile
import sys
# <------ meta.embedded.block.python.dockerfile keyword.control.import.python
print("it's", sys.argv)
# <----- meta.embedded.block.python.dockerfile
EOF
# <--- keyword.control.heredoc-token.dockerfile

RUN apt-get update && \
    cat <<EOF > /etc/app.conf
#       ^^ keyword.operator.heredoc.dockerfile
key = "it's data"
# <----------------- string.unquoted.heredoc.dockerfile
EOF
# <--- keyword.control.heredoc-token.dockerfile
RUN set -e && \
    bash -e <<'SCRIPT'
echo "$HOME"
# <---- meta.embedded.block.shell.dockerfile
SCRIPT
WORKDIR /app
# <------- keyword.other.special-method.dockerfile - meta.heredoc.dockerfile meta.instruction.run.dockerfile
