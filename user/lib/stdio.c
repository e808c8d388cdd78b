/*
 * stdio: printf's formatting and the unbuffered FILE streams.
 *
 *   printf, fprintf, dprintf and their v- forms format into one static
 *   buffer and write() it, once if it fits (BUFSIZ bytes), so a line from
 *   one process is not cut by another's; sprintf and snprintf format into
 *   the caller's buffer.
 *   puts, fputs, putchar, fputc, getchar, fgetc, fgets read and write
 *   the stream's fd at once.
 *
 * The static buffer needs no lock: a process has one thread and no signal
 * handlers, so only one call ever uses it.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static FILE stdfiles[3] = { { 0 }, { 1 }, { 2 } };
FILE *stdin = &stdfiles[0];
FILE *stdout = &stdfiles[1];
FILE *stderr = &stdfiles[2];

// Where formatted characters go: a buffer, flushed to fd when it fills,
// or, for the s*printf family (fd -1), a string whose excess is dropped.
struct out {
  char *buf;
  size_t cap;     // characters buf can hold
  size_t len;     // characters in buf now
  int fd;         // -1: a string
  int total;      // characters produced, kept or not
  int err;        // a write() failed
};

// One conversion's flags, width, precision and argument size.
struct spec {
  int left;       // '-': pad on the right
  int zero;       // '0': pad numbers with zeros
  char sign;      // '+' or ' ': shown before a non-negative number
  int alt;        // '#': 0x before hex, 0 before octal
  int width;
  int prec;       // -1 if none
  int size;       // 2 long long, 1 long, 0 int, -1 short, -2 char
};

// Write all n bytes, as long as write() makes progress.
static int
write_all(int fd, const char *p, size_t n)
{
  ssize_t r;

  while(n > 0){
    r = write(fd, p, n);
    if(r <= 0)
      return -1;
    p += r;
    n -= r;
  }
  return 0;
}

static void
out_flush(struct out *o)
{
  if(o->fd >= 0 && o->len > 0){
    if(write_all(o->fd, o->buf, o->len) < 0)
      o->err = 1;
    o->len = 0;
  }
}

static void
out_putc(struct out *o, char c)
{
  if(o->len == o->cap)
    out_flush(o);
  if(o->len < o->cap)
    o->buf[o->len++] = c;
  o->total++;
}

static void
out_pad(struct out *o, char c, int n)
{
  while(n-- > 0)
    out_putc(o, c);
}

// n characters, padded to the width.
static void
out_chars(struct out *o, struct spec *sp, const char *s, int n)
{
  if(!sp->left)
    out_pad(o, ' ', sp->width - n);
  for(int i = 0; i < n; i++)
    out_putc(o, s[i]);
  if(sp->left)
    out_pad(o, ' ', sp->width - n);
}

// A string, cut to the precision, as glibc prints it (NULL too).
static void
out_string(struct out *o, struct spec *sp, const char *s)
{
  if(s == 0)
    s = "(null)";
  out_chars(o, sp, s, sp->prec >= 0 ? strnlen(s, sp->prec) : strlen(s));
}

// A number: prefix (sign or 0x), zeros up to the precision, digits, all
// padded to the width with spaces, or with zeros after the prefix.
static void
out_number(struct out *o, struct spec *sp, unsigned long long v, int neg,
           int base, int upper)
{
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char tmp[24], prefix[3];
  int n = 0, np = 0, zeros, pad;

  if(neg)
    prefix[np++] = '-';
  else if(sp->sign)
    prefix[np++] = sp->sign;
  if(sp->alt && base == 16 && v != 0){
    prefix[np++] = '0';
    prefix[np++] = upper ? 'X' : 'x';
  }
  // Precision 0 prints no digits for the value 0.
  while(v != 0 || (n == 0 && sp->prec != 0)){
    tmp[n++] = digits[v % base];
    v /= base;
  }
  if(sp->alt && base == 8 && (n == 0 || tmp[n-1] != '0'))
    tmp[n++] = '0';

  zeros = sp->prec > n ? sp->prec - n : 0;
  pad = sp->width - np - zeros - n;
  if(sp->zero && !sp->left && sp->prec < 0){
    zeros += pad > 0 ? pad : 0;
    pad = 0;
  }
  if(!sp->left)
    out_pad(o, ' ', pad);
  for(int i = 0; i < np; i++)
    out_putc(o, prefix[i]);
  out_pad(o, '0', zeros);
  while(n > 0)
    out_putc(o, tmp[--n]);
  if(sp->left)
    out_pad(o, ' ', pad);
}

// Parse the flags, width, precision and size after a '%'; returns the
// character just past them, the conversion.
static const char *
parse_spec(const char *f, struct spec *sp, va_list *ap)
{
  memset(sp, 0, sizeof(*sp));
  sp->prec = -1;
  for(;; f++){
    if(*f == '-')
      sp->left = 1;
    else if(*f == '0')
      sp->zero = 1;
    else if(*f == '+')
      sp->sign = '+';
    else if(*f == ' ' && sp->sign == 0)
      sp->sign = ' ';
    else if(*f == '#')
      sp->alt = 1;
    else
      break;
  }
  if(*f == '*'){
    sp->width = va_arg(*ap, int);
    if(sp->width < 0){
      sp->left = 1;
      sp->width = -sp->width;
    }
    f++;
  }
  for(; *f >= '0' && *f <= '9'; f++)
    sp->width = sp->width * 10 + (*f - '0');
  if(*f == '.'){
    f++;
    sp->prec = 0;
    if(*f == '*'){
      sp->prec = va_arg(*ap, int);
      f++;
    }
    for(; *f >= '0' && *f <= '9'; f++)
      sp->prec = sp->prec * 10 + (*f - '0');
  }
  for(;; f++){
    if(*f == 'l')
      sp->size = sp->size == 1 ? 2 : 1;
    else if(*f == 'h')
      sp->size = sp->size == -1 ? -2 : -1;
    else if(*f == 'z')
      sp->size = 1;
    else
      return f;
  }
}

static long long
arg_signed(struct spec *sp, va_list *ap)
{
  switch(sp->size){
  case 2:  return va_arg(*ap, long long);
  case 1:  return va_arg(*ap, long);
  case -1: return (short)va_arg(*ap, int);
  case -2: return (signed char)va_arg(*ap, int);
  default: return va_arg(*ap, int);
  }
}

static unsigned long long
arg_unsigned(struct spec *sp, va_list *ap)
{
  switch(sp->size){
  case 2:  return va_arg(*ap, unsigned long long);
  case 1:  return va_arg(*ap, unsigned long);
  case -1: return (unsigned short)va_arg(*ap, unsigned int);
  case -2: return (unsigned char)va_arg(*ap, unsigned int);
  default: return va_arg(*ap, unsigned int);
  }
}

// One conversion, the character c after its flags.
static void
convert(struct out *o, struct spec *sp, char c, va_list *ap)
{
  long long v;
  void *p;
  char ch;

  switch(c){
  case 'd':
  case 'i':
    v = arg_signed(sp, ap);
    // Negate as unsigned: -LLONG_MIN does not fit a long long.
    out_number(o, sp, v < 0 ? -(unsigned long long)v : v, v < 0, 10, 0);
    break;
  case 'u':
    out_number(o, sp, arg_unsigned(sp, ap), 0, 10, 0);
    break;
  case 'x':
  case 'X':
    out_number(o, sp, arg_unsigned(sp, ap), 0, 16, c == 'X');
    break;
  case 'o':
    out_number(o, sp, arg_unsigned(sp, ap), 0, 8, 0);
    break;
  case 'p':
    p = va_arg(*ap, void *);
    sp->alt = 1;
    if(p == 0)
      out_string(o, sp, "(nil)");
    else
      out_number(o, sp, (unsigned long)p, 0, 16, 0);
    break;
  case 's':
    out_string(o, sp, va_arg(*ap, const char *));
    break;
  case 'c':
    ch = (char)va_arg(*ap, int);
    out_chars(o, sp, &ch, 1);
    break;
  default:
    // %% prints '%'; an unknown conversion prints itself.
    out_putc(o, '%');
    if(c != '%')
      out_putc(o, c);
    break;
  }
}

static void
format(struct out *o, const char *fmt, va_list ap)
{
  struct spec sp;
  va_list aq;

  va_copy(aq, ap);
  while(*fmt){
    if(*fmt != '%'){
      out_putc(o, *fmt++);
      continue;
    }
    fmt = parse_spec(fmt + 1, &sp, &aq);
    if(*fmt == 0)
      break;
    convert(o, &sp, *fmt++, &aq);
  }
  va_end(aq);
}

int
vdprintf(int fd, const char *fmt, va_list ap)
{
  static char buf[BUFSIZ];
  struct out o = { buf, sizeof(buf), 0, fd, 0, 0 };

  format(&o, fmt, ap);
  out_flush(&o);
  return o.err ? -1 : o.total;
}

int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
  struct out o = { buf, size > 0 ? size - 1 : 0, 0, -1, 0, 0 };

  format(&o, fmt, ap);
  if(size > 0)
    buf[o.len] = 0;
  return o.total;
}

int
vsprintf(char *buf, const char *fmt, va_list ap)
{
  return vsnprintf(buf, INT_MAX, fmt, ap);
}

int
vfprintf(FILE *f, const char *fmt, va_list ap)
{
  return vdprintf(f->fd, fmt, ap);
}

int
vprintf(const char *fmt, va_list ap)
{
  return vdprintf(stdout->fd, fmt, ap);
}

int
printf(const char *fmt, ...)
{
  va_list ap;
  int n;

  va_start(ap, fmt);
  n = vdprintf(stdout->fd, fmt, ap);
  va_end(ap);
  return n;
}

int
fprintf(FILE *f, const char *fmt, ...)
{
  va_list ap;
  int n;

  va_start(ap, fmt);
  n = vdprintf(f->fd, fmt, ap);
  va_end(ap);
  return n;
}

int
dprintf(int fd, const char *fmt, ...)
{
  va_list ap;
  int n;

  va_start(ap, fmt);
  n = vdprintf(fd, fmt, ap);
  va_end(ap);
  return n;
}

int
sprintf(char *buf, const char *fmt, ...)
{
  va_list ap;
  int n;

  va_start(ap, fmt);
  n = vsnprintf(buf, INT_MAX, fmt, ap);
  va_end(ap);
  return n;
}

int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
  va_list ap;
  int n;

  va_start(ap, fmt);
  n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

int
fputs(const char *s, FILE *f)
{
  return write_all(f->fd, s, strlen(s)) < 0 ? EOF : 0;
}

// s and its newline in one write.
int
puts(const char *s)
{
  return printf("%s\n", s) < 0 ? EOF : 0;
}

int
fputc(int c, FILE *f)
{
  char ch = c;

  return write_all(f->fd, &ch, 1) < 0 ? EOF : (unsigned char)ch;
}

int
putc(int c, FILE *f)
{
  return fputc(c, f);
}

int
putchar(int c)
{
  return fputc(c, stdout);
}

int
fgetc(FILE *f)
{
  unsigned char ch;

  return read(f->fd, &ch, 1) == 1 ? ch : EOF;
}

int
getc(FILE *f)
{
  return fgetc(f);
}

int
getchar(void)
{
  return fgetc(stdin);
}

// Reads a byte at a time, so nothing past the line is taken from the fd.
char *
fgets(char *buf, int size, FILE *f)
{
  int n = 0, c;

  if(size <= 0)
    return 0;
  while(n < size - 1){
    c = fgetc(f);
    if(c == EOF)
      break;
    buf[n++] = c;
    if(c == '\n')
      break;
  }
  buf[n] = 0;
  return n > 0 ? buf : 0;
}

int
fflush(FILE *f)
{
  return 0;
}

int
setvbuf(FILE *f, char *buf, int mode, size_t size)
{
  return 0;
}

void
setbuf(FILE *f, char *buf)
{
}
