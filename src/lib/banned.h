/*
 * banned.h - functions mlcap's library must not call, because they overrun
 * buffers, keep hidden state or depend on the locale/timezone. Include last.
 */
#ifndef MLCAP_BANNED_H
#define MLCAP_BANNED_H

#define BANNED(func) sorry_##func##_is_banned_in_mlcap

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef gmtime
#define gmtime(x) BANNED(gmtime)
#undef localtime
#define localtime(x) BANNED(localtime)
#undef getenv
#define getenv(x) BANNED(getenv)

#endif
