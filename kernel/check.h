// What selfcheck (check.c) reads of the tables other subsystems own.
#ifndef ZV6_CHECK_H
#define ZV6_CHECK_H

// A zone slot's state (zone.c).
enum zstate { ZFREE, ZCREATING, ZLIVE };

// One zone slot as it stands, copied under ztable.lock (zoneview).
struct zoneview {
  enum zstate state;
  int npages;
  int nref;
  int nwaiting;
};

#endif
