/*
 * vformat: printf's formatting, apart from any output device. The kernel's
 * printf and the host tests both drive it; it hands each character to a
 * put() callback and knows nothing else about where text goes.
 *
 * Conversions: %d %u %x %o (int), %ld %lu %lx %lo (long), %p, %s, %c,
 * %%.
 * Each may have a field width: right-justified, or left with the - flag;
 * the 0 flag pads numbers with zeros. %p is 0x and 16 hex digits, as in
 * xv6. An unknown conversion prints as written, consuming no argument.
 */
#include <stdarg.h>
#include "lib/format.h"

// Where the characters go, and how many have gone.
struct out {
  void (*put)(void *arg, char c);
  void *arg;
  int n;
};

static const char digits[] = "0123456789abcdef";

static void
emit(struct out *o, char c)
{
  o->put(o->arg, c);
  o->n++;
}

static void
pad(struct out *o, char c, int n)
{
  for(; n > 0; n--)
    emit(o, c);
}

// One conversion's flags and field width.
struct spec {
  int width;   // minimum characters
  int zero;    // 0 flag: pad numbers with zeros
  int left;    // - flag: pad on the right instead
  int lng;     // l: the argument is a long
};

// The spaces that right-justify len characters in sp's field (none with
// the 0 or - flag); pad_after() gives those that left-justify them.
static void
pad_before(struct out *o, struct spec *sp, int len)
{
  if(!sp->left && !sp->zero)
    pad(o, ' ', sp->width - len);
}

static void
pad_after(struct out *o, struct spec *sp, int len)
{
  if(sp->left)
    pad(o, ' ', sp->width - len);
}

/*
 * Prints prefix (a sign, "0x" or "") and x's digits in base, at least
 * mindigits of them, padded to the field width. The 0 flag puts zeros
 * between prefix and digits ("-0042"); otherwise spaces go before the
 * prefix, or after the digits with the - flag.
 */
static void
put_number(struct out *o, unsigned long x, int base, const char *prefix,
           int mindigits, struct spec *sp)
{
  char buf[64];
  int ndigits = 0, nprefix = 0;

  do {
    buf[ndigits++] = digits[x % base];
    x /= base;
  } while(x != 0);
  while(ndigits < mindigits)
    buf[ndigits++] = '0';
  while(prefix[nprefix])
    nprefix++;

  pad_before(o, sp, nprefix + ndigits);
  for(int i = 0; i < nprefix; i++)
    emit(o, prefix[i]);
  if(sp->zero && !sp->left)
    pad(o, '0', sp->width - nprefix - ndigits);
  for(int i = ndigits - 1; i >= 0; i--)
    emit(o, buf[i]);
  pad_after(o, sp, nprefix + ndigits);
}

// A signed value: its magnitude, with "-" as prefix if negative. The
// magnitude is computed unsigned, so the most negative value works too.
static void
put_signed(struct out *o, long v, struct spec *sp)
{
  if(v < 0)
    put_number(o, -(unsigned long)v, 10, "-", 1, sp);
  else
    put_number(o, v, 10, "", 1, sp);
}

// len characters of s, padded with spaces (a 0 flag does not apply).
static void
put_text(struct out *o, const char *s, int len, struct spec *sp)
{
  struct spec text = *sp;

  text.zero = 0;
  pad_before(o, &text, len);
  for(int i = 0; i < len; i++)
    emit(o, s[i]);
  pad_after(o, &text, len);
}

static void
put_string(struct out *o, const char *s, struct spec *sp)
{
  int len = 0;

  if(s == 0)
    s = "(null)";
  while(s[len])
    len++;
  put_text(o, s, len, sp);
}

int
vformat(void (*put)(void *arg, char c), void *arg, const char *fmt, va_list ap)
{
  struct out o = { put, arg, 0 };

  for(; *fmt; fmt++){
    if(*fmt != '%'){
      emit(&o, *fmt);
      continue;
    }
    const char *start = fmt++;   // the '%', to print an unknown one as is
    struct spec sp = { 0, 0, 0, 0 };
    for(; *fmt == '0' || *fmt == '-'; fmt++){
      if(*fmt == '0')
        sp.zero = 1;
      else
        sp.left = 1;
    }
    for(; *fmt >= '0' && *fmt <= '9'; fmt++)
      sp.width = sp.width * 10 + (*fmt - '0');
    for(; *fmt == 'l'; fmt++)
      sp.lng = 1;

    char c;
    switch(*fmt){
    case 'd':
      put_signed(&o, sp.lng ? va_arg(ap, long) : va_arg(ap, int), &sp);
      break;
    case 'u':
      put_number(&o, sp.lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int),
                 10, "", 1, &sp);
      break;
    case 'x':
      put_number(&o, sp.lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int),
                 16, "", 1, &sp);
      break;
    case 'o':
      put_number(&o, sp.lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int),
                 8, "", 1, &sp);
      break;
    case 'p':
      put_number(&o, (unsigned long)va_arg(ap, void *), 16, "0x",
                 2 * sizeof(void *), &sp);
      break;
    case 's':
      put_string(&o, va_arg(ap, const char *), &sp);
      break;
    case 'c':
      c = va_arg(ap, int);
      put_text(&o, &c, 1, &sp);
      break;
    case '%':
      emit(&o, '%');
      break;
    case 0:
      // The format ends inside a conversion: print what there is.
      for(; start < fmt; start++)
        emit(&o, *start);
      return o.n;
    default:
      for(; start <= fmt; start++)
        emit(&o, *start);
      break;
    }
  }
  return o.n;
}
