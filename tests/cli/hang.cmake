# The wall-clock watchdog of driver runs (harness/cli/watchdog.h), label cli:
# two planted drivers (registered in every build that has the reference
# driver; `scopefuzz list` shows them as "planted for tests/cli") run code
# the runtime cannot preempt, and run, repro, explore and minimize must end
# each within a bounded time with a `hang` failure.  Included from
# tests/cli/CMakeLists.txt; the drivers are registered here, before
# sf_drivers_generate.
set(sf_hang_dir ${CMAKE_CURRENT_LIST_DIR})

# test_hang_spin: send spins on a plain variable; test_hang_block: recv
# blocks in a real pthread_cond_wait (the one OS thread of every task)
sf_add_driver(NAME test_hang_spin SYMBOL sf_driver_test_hang_spin
              SOURCES ${sf_hang_dir}/hang_spin.c)
sf_add_driver(NAME test_hang_block SYMBOL sf_driver_test_hang_block
              SOURCES ${sf_hang_dir}/hang_block.c)

foreach(case run repro explore explore_keep_going minimize minimize_inprocess)
  sf_add_test(NAME cli.hang_${case}
              COMMAND sh ${sf_hang_dir}/hang_case.sh $<TARGET_FILE:scopefuzz>
                      ${sf_hang_dir} ${CMAKE_BINARY_DIR}/cli-test-work ${case} ${SF_SANITIZE}
              LABELS unit cli TIMEOUT 120)
endforeach()
