// The VGA text screen: 80x25 character cells at physical 0xB8000, each a
// byte of text and a byte of colour, with the blinking hardware cursor
// set through the CRT controller.  Its one entry point, vgaputc, is the
// console's second output beside the UART (console.c): it writes a
// character at the cursor, moves the cursor on, and scrolls the screen up
// a line when the cursor falls off the bottom.  The first call clears
// whatever the firmware or boot loader left on the screen.
//
// A full row wraps the way terminals do: writing the last column leaves
// the cursor on it with a wrap pending, and only the next printable
// character moves to the next row, so a line of exactly VGA_COLS
// characters and its newline take one row, not two.
//
// Locking: vgaputc is called only from consputc, whose callers hold
// cons.lock (console.c), so this file has no lock of its own.  A
// panicking CPU prints without it; the cursor is checked before every
// store, so even then nothing is written outside the screen.
#include "types.h"
#include "defs.h"
#include "memlayout.h"
#include "x86.h"

#define VGA_TEXT   0xB8000   // physical address of the text cells
#define VGA_COLS   80
#define VGA_ROWS   25
#define VGA_CELLS  (VGA_COLS * VGA_ROWS)
#define VGA_ATTR   0x0700    // light grey on black, in a cell's high byte
#define TABSTOP    8

#define CRTC_INDEX 0x3D4     // CRT controller: register number
#define CRTC_DATA  0x3D5     //   and its value
#define CRTC_CURHI 14        // cursor position, high byte
#define CRTC_CURLO 15        //   and low byte

static ushort *screen = (ushort *)P2V(VGA_TEXT);
static int cursor;           // cell of the next character, 0..VGA_CELLS-1
static int wrappending;      // the last column was written; cursor is on it
static int started;          // set by the first vgaputc: the screen is ours

static void
setcursor(void)
{
  outb(CRTC_INDEX, CRTC_CURHI);
  outb(CRTC_DATA, cursor >> 8);
  outb(CRTC_INDEX, CRTC_CURLO);
  outb(CRTC_DATA, cursor & 0xFF);
}

static void
blank(int from, int to)
{
  int i;

  for(i = from; i < to; i++)
    screen[i] = VGA_ATTR | ' ';
}

// Move every line up one, dropping the top one, and blank the bottom one.
static void
scrollup(void)
{
  memmove(screen, screen + VGA_COLS, (VGA_CELLS - VGA_COLS) * sizeof(*screen));
  blank(VGA_CELLS - VGA_COLS, VGA_CELLS);
  cursor -= VGA_COLS;
}

// Start the next row, scrolling if the cursor was on the bottom one.
static void
newrow(void)
{
  wrappending = 0;
  cursor += VGA_COLS - cursor % VGA_COLS;
  if(cursor >= VGA_CELLS)
    scrollup();
}

// Put the character c at the cursor and advance it, first wrapping if
// a wrap is pending.  The last column leaves the cursor where it is,
// with a wrap pending.
static void
putcell(int c)
{
  if(wrappending)
    newrow();
  screen[cursor] = VGA_ATTR | (c & 0xFF);
  if(cursor % VGA_COLS == VGA_COLS - 1)
    wrappending = 1;
  else
    cursor++;
}

// One column left, never past the start of the row; nothing is erased.
// With a wrap pending the cursor is already on the last character, so
// it only stops being past it.
static void
cursorleft(void)
{
  if(wrappending)
    wrappending = 0;
  else if(cursor % VGA_COLS != 0)
    cursor--;
}

// Show c: a newline starts the next row, '\b' moves the cursor left
// (as on a terminal; the console erases with "\b \b"), a tab moves to
// the next multiple of TABSTOP or the row's end, '\r' is dropped (the
// UART needs it, the screen does not), and any other byte is drawn as
// its glyph.
void
vgaputc(int c)
{
  if(!started){
    started = 1;
    blank(0, VGA_CELLS);
    cursor = 0;
  }
  if(cursor < 0 || cursor >= VGA_CELLS){   // a race while panicking
    cursor = VGA_CELLS - VGA_COLS;
    wrappending = 0;
  }
  if(c == '\n'){
    newrow();
  } else if(c == '\b'){
    cursorleft();
  } else if(c == '\t'){
    do
      putcell(' ');
    while(!wrappending && cursor % TABSTOP != 0);
  } else if(c != '\r'){
    putcell(c);
  }
  setcursor();
}
