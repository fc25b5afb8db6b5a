#include <stdio.h>

int main(void) {
    /* DO NOT RELEASE: prints the internal build id */
    puts("hello");
    return 0;
}
