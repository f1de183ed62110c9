// The PS/2 keyboard behind the 8042 controller: the console's second
// input beside the UART.  IRQ 1 says the controller holds scan codes;
// kbdintr hands the console a reader that turns them into characters,
// so typed keys go through the same line discipline as serial input
// (console.c): Backspace, ^U, ^D and ^P work the same on both.
//
// The controller translates to scan code set 1: one byte per press, the
// same byte with RELEASED set per release, and 0xE0 before the bytes of
// the extended keys.  Of those only the right Control, keypad Enter and
// keypad '/' mean anything here; arrows and the other extended keys are
// dropped, and so are Pause's six bytes (0xE1 and five more), Alt, and
// the keys from Caps Lock on (function keys, the keypad but its '*').
//
// Locking: kbdgetc runs only inside consoleintr, which holds input.lock
// (console.c); that lock also guards the modifier state below.
#include "types.h"
#include "defs.h"
#include "traps.h"
#include "x86.h"

#define KBD_STATUS 0x64      // 8042 status register
#define KBD_DATA   0x60      // 8042 output buffer
#define ST_FULL    0x01      // status: a byte is waiting
#define ST_AUX     0x20      // status: the byte is from the mouse port
#define NO_CONTROLLER 0xFF   // status read from an empty bus
#define DRAIN_MAX  64        // more bytes than the controller can hold

#define EXTENDED   0xE0      // the next byte is an extended key
#define PAUSE      0xE1      // Pause: this and PAUSE_LEN-1 more bytes
#define PAUSE_LEN  6
#define RELEASED   0x80      // set in the byte of a key's release

// Scan codes of the keys that change how others read.
#define SC_LCTRL   0x1D      // (0xE0 0x1D: right Control)
#define SC_LSHIFT  0x2A
#define SC_RSHIFT  0x36
#define SC_CAPS    0x3A
#define SC_ENTER   0x1C      // (0xE0 0x1C: keypad Enter)
#define SC_SLASH   0x35      // (0xE0 0x35: keypad '/')

#define NKEYS      0x3A      // the keys below Caps Lock have characters

// Modifier state.  Locks: [i] input.lock (console.c)
static int shift;            // [i] Shift keys held, a bit per key
static int ctrl;             // [i] Control keys held, a bit per key
static int capslock;         // [i] toggled by each press of Caps Lock
static int capsdown;         // [i] Caps Lock is held: its repeats do not toggle
static int extended;         // [i] the last byte was EXTENDED
static int skip;             // [i] bytes of a Pause sequence still to drop

// What each key types, without and with Shift; 0: nothing.
static const char plain[NKEYS] =
  "\0\x1B" "1234567890-=\b"
  "\tqwertyuiop[]\n"
  "\0asdfghjkl;'`"
  "\0\\zxcvbnm,./\0"
  "*\0 ";
static const char shifted[NKEYS] =
  "\0\x1B" "!@#$%^&*()_+\b"
  "\tQWERTYUIOP{}\n"
  "\0ASDFGHJKL:\"~"
  "\0|ZXCVBNM<>?\0"
  "*\0 ";

// The set of held keys, a bit each, after the press or release of bit.
static int
held(int keys, int bit, int up)
{
  return up ? keys & ~bit : keys | bit;
}

// Track a modifier key; returns 1 if sc was one.
static int
modifier(int sc, int ext)
{
  int up = sc & RELEASED, key = sc & ~RELEASED;

  if(key == SC_LCTRL)
    ctrl = held(ctrl, ext ? 2 : 1, up);
  else if(ext)
    return 0;
  else if(key == SC_LSHIFT || key == SC_RSHIFT)
    shift = held(shift, key == SC_LSHIFT ? 1 : 2, up);
  else if(key == SC_CAPS){
    if(!up && !capsdown)
      capslock = !capslock;
    capsdown = !up;
  } else
    return 0;
  return 1;
}

// The character a press of key types with the current modifiers, or 0.
static int
character(int key)
{
  int c, letter;

  if(key >= NKEYS)
    return 0;
  c = plain[key];
  letter = c >= 'a' && c <= 'z';
  if((shift != 0) != (letter && capslock))
    c = shifted[key];
  if(ctrl && ((c >= 'a' && c <= 'z') || (c >= '@' && c <= '_')))
    c &= 0x1F;                   // ^A..^Z, and ^@ ^[ ^\ ^] ^^ ^_
  return c;
}

// The character of one extended key's press, or 0.
static int
extendedchar(int key)
{
  if(key == SC_ENTER)
    return '\n';
  if(key == SC_SLASH)
    return '/';
  return 0;
}

// Decode one byte from the controller: the character it completes, or 0.
static int
decode(int sc)
{
  int ext = extended;

  extended = 0;
  if(skip > 0){
    skip--;
    return 0;
  }
  if(sc == EXTENDED){
    extended = 1;
    return 0;
  }
  if(sc == PAUSE){
    skip = PAUSE_LEN - 1;
    return 0;
  }
  if(modifier(sc, ext) || (sc & RELEASED))
    return 0;
  return ext ? extendedchar(sc) : character(sc);
}

// The next typed character, or -1 when the controller holds no more.
// Bytes from the mouse port and keys that type nothing are consumed.
static int
kbdgetc(void)
{
  int st, c;

  while((st = inb(KBD_STATUS)) & ST_FULL){
    c = inb(KBD_DATA);
    if(st & ST_AUX)
      continue;
    if((c = decode(c)) != 0)
      return c;
  }
  return -1;
}

// Empty the controller of what came before us, and take its interrupt.
// A status of all ones is a floating bus: there is no controller, and no
// keyboard to wait for.
void
kbdinit(void)
{
  int i;

  if(inb(KBD_STATUS) == NO_CONTROLLER)
    return;
  for(i = 0; i < DRAIN_MAX && (inb(KBD_STATUS) & ST_FULL); i++)
    inb(KBD_DATA);
  ioapicenable(IRQ_KBD, 0);
}

void
kbdintr(void)
{
  consoleintr(kbdgetc);
}
