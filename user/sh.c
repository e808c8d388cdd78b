/*
 * sh: the shell.
 *
 * Runs command lines read from the console (prompt "$ "), from a script
 * (sh FILE) or from an argument (sh -c LINE). A line is made of
 *   prog args...     run /prog, or prog itself if the name has a '/'
 *   a | b            a's stdout into b's stdin
 *   a ; b            a, then b
 *   a &              a in the background, not waited for
 *   ( list )         a list run by a child shell, e.g. (a ; b) > out
 *   < f  > f  >> f   redirections, anywhere in a command; a number just
 *   N> f  N>&M       before one picks the fd (2> err), >&M duplicates M
 *   'a b' "a b" \c   quoting; a word starting with # begins a comment
 *   cd [dir]         the builtin: changes the shell's directory when it is
 *                    the whole line, else only for the rest of its line
 *
 * How a line runs: the shell parses it into a tree of struct cmd, forks a
 * child to run the tree and waits for it. The child walks the tree in
 * run(), forking where the tree needs more processes, and exits with the
 * status of the line's last command: its exit code, or, if it was killed,
 * by being killed too. Reading from stdin, the shell prints "sh: exit N"
 * or "sh: killed" on stderr after a line whose status is not 0; the test
 * driver watches for those lines and for the prompt. A script or -c line
 * reports only through the shell's own exit status.
 *
 * A background command runs in a grandchild whose parent exits at once:
 * init inherits and reaps it, and the shell never waits for it.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXLINE   512       // bytes in a command line, NUL included
#define MAXARGS   32        // words in a command (the kernel's MAXARG)
#define MAXNEST   16        // ( ) nesting
#define ARENA     (64 * MAXLINE)  // enough for any line: see alloc()

enum { EXEC, SUBSHELL, PIPE, LIST, BACK };

// One redirection: open file (or duplicate dupfd) onto fd.
struct redir {
  int fd;
  int flags;            // open() flags
  char *file;           // 0 if dupfd is used
  int dupfd;            // N>&M: M; else -1
  struct redir *next;   // applied in the order written
};

struct cmd {
  int type;
  char **argv;          // EXEC: NULL-terminated, argv[0] 0 if no words
  struct redir *redirs; // EXEC, SUBSHELL
  struct cmd *left;     // SUBSHELL, BACK: the command; PIPE, LIST: first
  struct cmd *right;    // PIPE, LIST: second
};

// ---- parsing ---------------------------------------------------------------

enum { T_END, T_WORD, T_REDIR, T_PIPE, T_SEMI, T_AMP, T_LPAREN, T_RPAREN };

// The lexer's state: the current token and where the line goes on.
static struct {
  char *p;              // the next character to read
  char *start;          // where the current token began
  int tok;              // T_*
  char *word;           // T_WORD: the word, unquoted, in the arena
  int fd, flags, dupfd; // T_REDIR
} lx;

static const char *perr;       // the first parse error of this line
static char perrbuf[64];

// A line's tree lives in the arena, which is emptied for the next line.
// Each input byte adds at most about 50 bytes (';' after a one-letter
// command costs a LIST, an EXEC, its argv and the word), so a full line
// fits in ARENA; the check stays in case that estimate is wrong.
static char arena[ARENA];
static size_t arena_used;

static void *
alloc(size_t n)
{
  void *p;

  n = (n + 7) & ~(size_t)7;
  if(arena_used + n > sizeof(arena)){
    if(!perr)
      perr = "line too complex";
    return 0;
  }
  p = arena + arena_used;
  arena_used += n;
  memset(p, 0, n);
  return p;
}

static struct cmd *
mkcmd(int type)
{
  struct cmd *c = alloc(sizeof(*c));

  if(c)
    c->type = type;
  return c;
}

static void *
syntax_error(void)
{
  int n = lx.p - lx.start;

  if(perr)
    return 0;
  if(lx.tok == T_END)
    perr = "syntax error near unexpected end of line";
  else {
    snprintf(perrbuf, sizeof(perrbuf), "syntax error near '%.*s'", n,
             lx.start);
    perr = perrbuf;
  }
  return 0;
}

static int
special(char c)
{
  return strchr("|;&<>()", c) != 0;
}

// A word at lx.p: copy it without its quotes and backslashes.
static void
lex_word(void)
{
  static char w[MAXLINE];
  char *p = lx.p, q;
  int n = 0;

  while(*p && !isspace(*p) && !special(*p)){
    if(*p == '\'' || *p == '"'){
      q = *p++;
      while(*p && *p != q){
        if(q == '"' && *p == '\\' && (p[1] == '"' || p[1] == '\\'))
          p++;
        w[n++] = *p++;
      }
      if(*p == 0){
        perr = "unterminated quote";
        break;
      }
      p++;
    } else if(*p == '\\' && p[1]){
      w[n++] = p[1];
      p += 2;
    } else {
      w[n++] = *p++;
    }
  }
  w[n] = 0;
  lx.p = p;
  lx.word = alloc(n + 1);
  if(lx.word)
    memcpy(lx.word, w, n + 1);
}

// A redirection at lx.p, whose fd (if written) has been read already.
static void
lex_redir(int fd)
{
  lx.tok = T_REDIR;
  lx.dupfd = -1;
  if(*lx.p == '<'){
    lx.fd = fd >= 0 ? fd : 0;
    lx.flags = O_RDONLY;
    lx.p++;
  } else {
    lx.fd = fd >= 0 ? fd : 1;
    lx.flags = O_WRONLY | O_CREAT | O_TRUNC;
    if(*++lx.p == '>'){
      lx.flags = O_WRONLY | O_CREAT | O_APPEND;
      lx.p++;
    }
  }
  if(lx.p[0] == '&' && isdigit(lx.p[1]))
    lx.dupfd = strtol(lx.p + 1, &lx.p, 10);
}

// Read the next token into lx. Errors end the line (T_END, perr set).
static void
lex(void)
{
  char *p = lx.p;

  while(isspace(*p))
    p++;
  lx.start = lx.p = p;
  if(*p == 0 || *p == '#' || perr){
    lx.tok = T_END;
    return;
  }
  while(isdigit(*p))
    p++;
  if(p > lx.p && (*p == '<' || *p == '>')){
    lx.p = p;
    lex_redir(atoi(lx.start));
    return;
  }
  p = lx.p;
  switch(*p){
  case '<':
  case '>':
    lex_redir(-1);
    return;
  case '|': lx.tok = T_PIPE; break;
  case ';': lx.tok = T_SEMI; break;
  case '&': lx.tok = T_AMP; break;
  case '(': lx.tok = T_LPAREN; break;
  case ')': lx.tok = T_RPAREN; break;
  default:
    lx.tok = T_WORD;
    lex_word();
    if(perr)
      lx.tok = T_END;
    return;
  }
  lx.p++;
}

// redirection: the T_REDIR token, then the file's name unless it is N>&M.
// Appends it at *tail and moves tail on.
static int
parse_redir(struct redir ***tail)
{
  struct redir *r = alloc(sizeof(*r));

  if(r == 0)
    return -1;
  r->fd = lx.fd;
  r->flags = lx.flags;
  r->dupfd = lx.dupfd;
  lex();
  if(r->dupfd < 0){
    if(lx.tok != T_WORD){
      syntax_error();
      return -1;
    }
    r->file = lx.word;
    lex();
  }
  **tail = r;
  *tail = &r->next;
  return 0;
}

static struct cmd *parse_list(int depth);

// ( list ) followed by redirections.
static struct cmd *
parse_subshell(int depth)
{
  struct cmd *c;
  struct redir **tail;

  if(depth >= MAXNEST){
    perr = "( ) nested too deeply";
    return 0;
  }
  lex();
  if((c = mkcmd(SUBSHELL)) == 0 || (c->left = parse_list(depth + 1)) == 0)
    return 0;
  if(lx.tok != T_RPAREN)
    return syntax_error();
  lex();
  tail = &c->redirs;
  while(lx.tok == T_REDIR)
    if(parse_redir(&tail) < 0)
      return 0;
  if(lx.tok == T_WORD || lx.tok == T_LPAREN)
    return syntax_error();
  return c;
}

// command: a subshell, or words and redirections (at least one).
static struct cmd *
parse_command(int depth)
{
  char *words[MAXARGS + 1];
  struct redir **tail;
  struct cmd *c;
  int n = 0;

  if(lx.tok == T_LPAREN)
    return parse_subshell(depth);
  if((c = mkcmd(EXEC)) == 0)
    return 0;
  tail = &c->redirs;
  for(;;){
    if(lx.tok == T_WORD){
      if(n == MAXARGS){
        perr = "too many arguments";
        return 0;
      }
      words[n++] = lx.word;
      lex();
    } else if(lx.tok == T_REDIR){
      if(parse_redir(&tail) < 0)
        return 0;
    } else {
      break;
    }
  }
  if(n == 0 && c->redirs == 0)
    return syntax_error();
  words[n] = 0;
  if((c->argv = alloc((n + 1) * sizeof(char *))) == 0)
    return 0;
  memcpy(c->argv, words, (n + 1) * sizeof(char *));
  return c;
}

// pipeline: command { '|' command }, built as PIPE(a, PIPE(b, c)).
static struct cmd *
parse_pipeline(int depth)
{
  struct cmd *head, **tail = &head, *c, *p;

  if((c = parse_command(depth)) == 0)
    return 0;
  while(lx.tok == T_PIPE){
    if((p = mkcmd(PIPE)) == 0)
      return 0;
    p->left = c;
    *tail = p;
    tail = &p->right;
    lex();
    if((c = parse_command(depth)) == 0)
      return 0;
  }
  *tail = c;
  return head;
}

// list: pipeline { ('&' | ';') pipeline } [ '&' | ';' ], as LIST(a, LIST(b, c)).
static struct cmd *
parse_list(int depth)
{
  struct cmd *head, **tail = &head, *c, *l;

  for(;;){
    if((c = parse_pipeline(depth)) == 0)
      return 0;
    if(lx.tok == T_AMP){
      if((l = mkcmd(BACK)) == 0)
        return 0;
      l->left = c;
      c = l;
    } else if(lx.tok != T_SEMI){
      break;
    }
    lex();
    if(lx.tok == T_END || lx.tok == T_RPAREN)
      break;
    if((l = mkcmd(LIST)) == 0)
      return 0;
    l->left = c;
    *tail = l;
    tail = &l->right;
  }
  *tail = c;
  return head;
}

// Parse a whole line. Returns 0 for an empty line or an error (perr).
static struct cmd *
parse_line(char *line)
{
  struct cmd *c;

  arena_used = 0;
  perr = 0;
  lx.p = line;
  lex();
  if(lx.tok == T_END)
    return 0;
  c = parse_list(0);
  if(c && lx.tok != T_END)
    return syntax_error();
  return c;
}

// ---- running ---------------------------------------------------------------

static void run(struct cmd *c) __attribute__((noreturn));

// Exit as the child with this wait() status did, so our parent sees the
// same status: with its exit code, or killed (by the same signal).
static void __attribute__((noreturn))
exit_like(int status)
{
  if(WIFSIGNALED(status))
    kill(getpid(), WTERMSIG(status));
  exit(WEXITSTATUS(status));
}

static int
spawn(struct cmd *c)
{
  int pid = fork();

  if(pid < 0){
    fprintf(stderr, "sh: fork: %s\n", strerror(errno));
    exit(1);
  }
  if(pid == 0)
    run(c);
  return pid;
}

// Wait for child pid and return its status; other children that exit
// meanwhile are background commands, reaped and forgotten.
static int
waitfor(int pid)
{
  int w, status;

  while((w = wait(&status)) >= 0)
    if(w == pid)
      return status;
  return 0;
}

static int
is_cd(struct cmd *c)
{
  return c->type == EXEC && c->argv[0] && strcmp(c->argv[0], "cd") == 0 &&
         c->redirs == 0;
}

// The builtin. Returns the exit code.
static int
do_cd(char **argv)
{
  const char *dir = argv[1] ? argv[1] : "/";

  if(argv[1] && argv[2]){
    fprintf(stderr, "sh: cd: too many arguments\n");
    return 1;
  }
  if(chdir(dir) < 0){
    fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
    return 1;
  }
  return 0;
}

static void
apply_redirs(struct redir *r)
{
  int fd;

  for(; r; r = r->next){
    if(r->dupfd >= 0){
      if(dup2(r->dupfd, r->fd) < 0){
        fprintf(stderr, "sh: %d: %s\n", r->dupfd, strerror(errno));
        exit(1);
      }
      continue;
    }
    fd = open(r->file, r->flags, 0666);
    if(fd < 0){
      fprintf(stderr, "sh: %s: %s\n", r->file, strerror(errno));
      exit(1);
    }
    if(fd != r->fd){
      if(dup2(fd, r->fd) < 0){
        fprintf(stderr, "sh: %d: %s\n", r->fd, strerror(errno));
        exit(1);
      }
      close(fd);
    }
  }
}

// Programs live in the root directory: a name without '/' means /name.
static void __attribute__((noreturn))
exec_program(char **argv)
{
  char path[PATH_MAX];

  if(strchr(argv[0], '/')){
    execv(argv[0], argv);
  } else if(snprintf(path, sizeof(path), "/%s", argv[0]) >= (int)sizeof(path)){
    errno = ENAMETOOLONG;
  } else {
    execv(path, argv);
  }
  fprintf(stderr, "sh: %s: %s\n", argv[0], strerror(errno));
  exit(127);
}

// a | b: both ends in children; the status is b's.
static void __attribute__((noreturn))
run_pipe(struct cmd *c)
{
  int p[2], left, right, w, status, rstatus = 0, n = 2;

  if(pipe(p) < 0){
    fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
    exit(1);
  }
  left = fork();
  if(left == 0){
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    run(c->left);
  }
  right = fork();
  if(right == 0){
    dup2(p[0], 0);
    close(p[0]);
    close(p[1]);
    run(c->right);
  }
  close(p[0]);
  close(p[1]);
  if(left < 0 || right < 0){
    fprintf(stderr, "sh: fork: %s\n", strerror(errno));
    exit(1);
  }
  while(n > 0 && (w = wait(&status)) >= 0){
    if(w == right){
      rstatus = status;
      n--;
    } else if(w == left){
      n--;
    }
  }
  exit_like(rstatus);
}

// Run c in this process, which is a child of the interactive shell, and
// exit with c's status.
static void
run(struct cmd *c)
{
  for(;;){
    switch(c->type){
    case EXEC:
      apply_redirs(c->redirs);
      if(c->argv[0] == 0)
        exit(0);
      if(strcmp(c->argv[0], "cd") == 0)
        exit(do_cd(c->argv));
      exec_program(c->argv);
    case SUBSHELL:
      apply_redirs(c->redirs);
      c = c->left;
      break;
    case LIST:
      // cd here, so it holds for the rest of the line.
      if(is_cd(c->left))
        do_cd(c->left->argv);
      else
        waitfor(spawn(c->left));
      c = c->right;
      break;
    case BACK:
      spawn(c->left);
      exit(0);
    case PIPE:
      run_pipe(c);
    }
  }
}

static int interactive;    // reading commands from stdin

static void
report(int status)
{
  if(!interactive)
    return;
  if(WIFSIGNALED(status))
    fprintf(stderr, "sh: killed\n");
  else if(WEXITSTATUS(status) != 0)
    fprintf(stderr, "sh: exit %d\n", WEXITSTATUS(status));
}

// Run one line; returns its wait() status, or -1 for an empty line.
static int
run_line(char *line)
{
  struct cmd *c;
  int pid, status;

  c = parse_line(line);
  if(perr){
    fprintf(stderr, "sh: %s\n", perr);
    status = 2 << 8;
  } else if(c == 0){
    return -1;
  } else if(is_cd(c)){
    status = do_cd(c->argv) << 8;
  } else if((pid = fork()) < 0){
    fprintf(stderr, "sh: fork: %s\n", strerror(errno));
    status = 1 << 8;
  } else {
    if(pid == 0)
      run(c);
    status = waitfor(pid);
  }
  report(status);
  return status;
}

// ---- reading ---------------------------------------------------------------

#define LINE_EOF  -1
#define LINE_LONG -2

// Read one line from fd a byte at a time, so that what follows the line
// stays in the fd for the commands to read. Returns its length without
// the newline, LINE_EOF, or LINE_LONG (the rest of the line is skipped).
static int
read_line(int fd, char *buf, int size)
{
  int n = 0, r;
  char c;

  while((r = read(fd, &c, 1)) == 1 && c != '\n'){
    if(n < size - 1)
      buf[n] = c;
    n++;
  }
  if(r != 1 && n == 0)
    return LINE_EOF;
  if(n >= size)
    return LINE_LONG;
  buf[n] = 0;
  return n;
}

// A wait() status as a shell's exit code: 128+signal if killed.
static int
exit_code(int status)
{
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

int
main(int argc, char *argv[])
{
  static char line[MAXLINE];
  int fd = 0, status = 0, s, n;

  if(argc == 3 && strcmp(argv[1], "-c") == 0){
    if(strlen(argv[2]) >= sizeof(line)){
      fprintf(stderr, "sh: line too long\n");
      exit(2);
    }
    strcpy(line, argv[2]);
    s = run_line(line);
    exit_like(s < 0 ? 0 : s);
  }
  if(argc > 2){
    fprintf(stderr, "usage: sh [-c line | file]\n");
    exit(2);
  }
  if(argc == 2 && (fd = open(argv[1], O_RDONLY | O_CLOEXEC)) < 0){
    fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
    exit(127);
  }
  interactive = fd == 0;
  for(;;){
    if(interactive)
      write(2, "$ ", 2);
    n = read_line(fd, line, sizeof(line));
    if(n == LINE_EOF)
      break;
    if(n == LINE_LONG){
      fprintf(stderr, "sh: line too long\n");
      status = 2 << 8;
      report(status);
      continue;
    }
    if((s = run_line(line)) >= 0)
      status = s;
  }
  exit(exit_code(status));
}
